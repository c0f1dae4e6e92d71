from levelcal.cli import main

main()
