"""The weekly digest: sent to a real SMTP server on 127.0.0.1, and opened in a real browser."""

import email
import email.policy
import json
import shutil
import socket
import ssl
import subprocess
from datetime import date

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from email_safe import attached_ids, email_unsafe
from levelcal import history, resources
from levelcal.delegation import Spent
from levelcal.levels import Level

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

AS_OF = "2026-11-25"  # last week is 2026-W47 of the bundled sample calendar (Dana, a VP)
PASSWORD_VARIABLE = "LEVELCAL_TEST_SMTP_PASSWORD"
SAMPLE = str(resources.sample_calendar())


class Inbox:
    def __init__(self, refuse: str | None = None) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.refuse = refuse

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.refuse:
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def only_dana(server, session, envelope, mechanism, auth_data):
    accepted = auth_data.login == b"dana" and auth_data.password == b"correct horse"
    return AuthResult(success=accepted, handled=False)  # not handled: the server answers 535


def serve(inbox: Inbox) -> tuple[Controller, int]:
    """An aiosmtpd server on 127.0.0.1 that hands what it takes to `inbox`; only dana logs in."""
    port = _free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=only_dana,
        auth_required=True,
        auth_require_tls=False,  # plain SMTP on loopback, for the test only
    )
    controller.start()
    return controller, port


@pytest.fixture
def smtp_server():
    servers = []

    def start(refuse: str | None = None) -> tuple[Inbox, int]:
        inbox = Inbox(refuse)
        controller, port = serve(inbox)
        servers.append(controller)
        return inbox, port

    yield start
    for controller in servers:
        controller.stop()


def configure(config_dir, port: int, *, security: str = "none", extra: str = "") -> None:
    """The sample calendar configured on purpose: --send never mails it unasked."""
    (config_dir / "config.toml").write_text(
        f'calendars = ["{SAMPLE}"]\n'
        'role = "vp"\n'
        "[smtp]\n"
        f'host = "127.0.0.1"\nport = {port}\nsecurity = "{security}"\nuser = "dana"\n'
        f'password_env = "{PASSWORD_VARIABLE}"\n'
        "[digest]\n"
        'to = ["dana@northwind.example"]\nfrom = "levelcal@northwind.example"\n' + extra
    )


def earlier_weeks() -> None:
    """Three recorded weeks before W47, by hand: doing falls from 30 to 20 of 40 work hours."""
    for week, doing in ((44, 30.0), (45, 25.0), (46, 20.0)):
        monday = date.fromisocalendar(2026, week, 1)
        history.save(
            history.WeekRecord(
                f"2026-W{week}",
                monday,
                "America/Los_Angeles",
                ("vp-engineering.ics",),
                f"{monday}T07:00:00-08:00",
                {
                    Level.IMPLEMENTATION: doing,
                    Level.UNIFICATION: 40.0 - doing - 5.0,
                    Level.COMMUNICATION: 5.0,
                    Level.BEYOND: 0.0,
                    Level.OTHER: 2.0,
                },
                (
                    Spent(
                        "series:focus",
                        "focus",
                        "Focus time",
                        f"{monday}T09:00:00-08:00",
                        Level.IMPLEMENTATION,
                        doing,
                        True,
                    ),
                ),
            )
        )


def test_the_digest_is_sent_as_text_and_html_with_the_chart(
    run, smtp_server, isolated_config, monkeypatch
):
    inbox, port = smtp_server()
    configure(isolated_config, port)
    monkeypatch.setenv(PASSWORD_VARIABLE, "correct horse")
    earlier_weeks()
    result = run("digest", "--send", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "sent the digest for week 2026-W47 to dana@northwind.example" in result.stderr
    [(sender, recipients, raw)] = inbox.messages
    assert sender == "levelcal@northwind.example"
    assert recipients == ["dana@northwind.example"]
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message.get_content_type() == "multipart/alternative"
    assert message["Subject"].startswith("levelcal digest, week 2026-W47: ")
    assert message["Subject"].endswith("doing (target ≤ 15%)")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    # The same week as analyze sees it, and the gap sentence from its numbers.
    document = json.loads(run("analyze", "--last-week", "--as-of", AS_OF, "--json").stdout)
    doing = (
        100 * document["totals"]["by_level"]["implementation"] / document["totals"]["work_hours"]
    )
    gap = f"As a VP, {doing:.0f}% of your work hours were doing; the target is at most 15%."
    assert gap in text and gap in html
    assert "Hand off first (hours per week over 4 weeks):" in text
    # Hand-built weeks: operating level (30*1 + 5*2 + 5*3) / 40 = 1.375, then 1.5, then 1.625.
    for line in ("2026-W44  1.38", "2026-W45  1.50", "2026-W46  1.62"):
        assert line in text
    assert '<table id="level-mix-chart"' in html
    for week in ("2026-W44", "2026-W45", "2026-W46", "2026-W47"):
        assert f">{week}</td>" in html
    assert email_unsafe(html, attached_ids(message)) == []
    assert "correct horse" not in raw.decode("utf-8", "replace")
    assert [r.week for r in history.load(8)] == ["2026-W44", "2026-W45", "2026-W46", "2026-W47"]


def test_a_refused_login_is_exit_3_in_one_line_and_nothing_is_sent(
    run, smtp_server, isolated_config, monkeypatch
):
    inbox, port = smtp_server()
    configure(isolated_config, port)
    monkeypatch.setenv(PASSWORD_VARIABLE, "wrong")
    result = run("digest", "--send", "--as-of", AS_OF)
    assert result.exit_code == 3
    [line] = result.stderr.strip().splitlines()[-1:]
    assert f"SMTP 127.0.0.1:{port}: login as dana refused (535" in line
    assert "wrong" not in result.stderr
    assert inbox.messages == []


def test_a_closed_port_is_exit_3(run, isolated_config, monkeypatch):
    port = _free_port()  # nobody listens there
    configure(isolated_config, port)
    monkeypatch.setenv(PASSWORD_VARIABLE, "correct horse")
    result = run("digest", "--send", "--as-of", AS_OF)
    assert result.exit_code == 3
    assert f"SMTP 127.0.0.1:{port}: " in result.stderr
    assert "nothing was sent" in result.stderr


def test_one_refused_recipient_means_nobody_gets_it(run, smtp_server, isolated_config, monkeypatch):
    inbox, port = smtp_server(refuse="gone@northwind.example")
    configure(isolated_config, port)
    monkeypatch.setenv(PASSWORD_VARIABLE, "correct horse")
    result = run(
        "digest", "--send", "--as-of", AS_OF,
        "--mail-to", "dana@northwind.example", "--mail-to", "gone@northwind.example",
    )  # fmt: skip
    assert result.exit_code == 3
    assert "recipients refused (gone@northwind.example: 550" in result.stderr
    assert inbox.messages == []


def test_starttls_is_never_silently_skipped(run, smtp_server, isolated_config, monkeypatch):
    inbox, port = smtp_server()
    configure(isolated_config, port, security="starttls")
    monkeypatch.setenv(PASSWORD_VARIABLE, "correct horse")
    result = run("digest", "--send", "--as-of", AS_OF)
    assert result.exit_code == 3
    assert "the server does not offer STARTTLS; nothing was sent" in result.stderr
    assert inbox.messages == []


def test_a_missing_password_variable_fails_before_anything_is_read(run, isolated_config):
    configure(isolated_config, 2525)
    result = run("digest", "--send", "--as-of", AS_OF)
    assert result.exit_code == 2
    assert f"smtp.password_env names ${PASSWORD_VARIABLE}, but it is not set" in result.stderr
    assert history.load(8) == []  # it stopped before analyzing and saving


def test_markdown_to_stdout_and_no_save(run):
    result = run("digest", "--format", "markdown", "--no-save", "--as-of", AS_OF, "--role", "vp")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# levelcal weekly digest: week 2026-W47\n")
    assert "| doing |" in result.stdout and "## Level mix by week" in result.stdout
    assert history.load(8) == []


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(
    _chromium() is None,
    reason="no chromium on PATH (make test installs Debian's chromium when run as root)",
)
def test_the_html_digest_renders_in_a_headless_browser_without_errors(run, tmp_path):
    page = tmp_path / "digest.html"
    result = run(
        "digest", "--format", "html", "--output", str(page), "--as-of", AS_OF, "--role", "vp"
    )
    assert result.exit_code == 0, result.output
    profile = tmp_path / "profile"
    browser = subprocess.run(
        [
            _chromium(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
            "--dump-dom", page.as_uri(),
        ],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert browser.returncode == 0, browser.stderr[-2000:]
    dom = browser.stdout
    assert '<table id="level-mix-chart"' in dom
    assert dom.count('<td class="implementation"') >= 1
    assert "As a VP, " in dom
    assert "Uncaught" not in browser.stderr
    assert "ERROR:CONSOLE" not in browser.stderr


def test_keyring_without_the_package_is_a_config_error_not_a_prompt(run, isolated_config):
    try:
        import keyring  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("the keyring package is installed here")
    (isolated_config / "config.toml").write_text(
        '[smtp]\nhost = "127.0.0.1"\nuser = "dana"\nkeyring = true\n'
        '[digest]\nto = ["dana@northwind.example"]\n'
    )
    result = run("digest", "--send", "-c", SAMPLE, "--as-of", AS_OF)
    assert result.exit_code == 2
    assert "smtp.keyring is true, but the keyring package is not installed" in result.stderr


@pytest.fixture
def certificate(tmp_path, monkeypatch):
    """A self-signed certificate for 127.0.0.1, trusted by this process through SSL_CERT_FILE."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("no openssl program to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_the_digest_goes_over_tls_with_a_verified_certificate(
    run, isolated_config, monkeypatch, certificate, security
):
    inbox, port = Inbox(), _free_port()
    tls = (
        {"tls_context": certificate, "require_starttls": True}
        if security == "starttls"
        # Implicit TLS: aiosmtpd does not notice its own TLS socket, so it is told AUTH is fine.
        else {"ssl_context": certificate, "auth_require_tls": False}
    )
    controller = Controller(
        inbox, hostname="127.0.0.1", port=port, authenticator=only_dana, auth_required=True, **tls
    )
    controller.start()
    try:
        configure(isolated_config, port, security=security)
        monkeypatch.setenv(PASSWORD_VARIABLE, "correct horse")
        result = run("digest", "--send", "--no-save", "--as-of", AS_OF)
    finally:
        controller.stop()
    assert result.exit_code == 0, result.output
    [(_, recipients, raw)] = inbox.messages
    assert recipients == ["dana@northwind.example"]
    assert b"multipart/alternative" in raw


def test_an_untrusted_certificate_is_refused(run, isolated_config, monkeypatch, certificate):
    monkeypatch.delenv("SSL_CERT_FILE")  # the server's certificate is trusted by nobody now
    inbox, port = Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, ssl_context=certificate)
    controller.start()
    try:
        configure(isolated_config, port, security="ssl")
        monkeypatch.setenv(PASSWORD_VARIABLE, "correct horse")
        result = run("digest", "--send", "--no-save", "--as-of", AS_OF)
    finally:
        controller.stop()
    assert result.exit_code == 3
    assert "CERTIFICATE_VERIFY_FAILED" in result.stderr
    assert inbox.messages == []


def test_digest_takes_the_window_end_as_to_and_recipients_as_mail_to(run):
    # --to is the window's end date, as in analyze; recipients have their own flag.
    result = run(
        "digest", "--no-save", "--role", "vp",
        "--from", "2026-11-16", "--to", "2026-11-23", "--mail-to", "x@northwind.example",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    # The window's own words would end on the 23rd, the day after: it is named by its days.
    assert result.stdout.startswith("levelcal weekly digest: 7 days (2026-11-16 to 2026-11-22, ")
    page = run(
        "digest", "--no-save", "--from", "2026-11-16", "--to", "2026-11-23", "--format", "html",
    ).stdout  # fmt: skip
    assert "<title>levelcal digest, 7 days, Mon 16 Nov 2026 – Sun 22 Nov 2026</title>" in page
    assert "<h1>levelcal weekly digest: 7 days</h1>" in page


def test_send_without_any_recipient_says_how_to_give_one(run, isolated_config):
    (isolated_config / "config.toml").write_text('[smtp]\nhost = "127.0.0.1"\n')
    result = run("digest", "--send", "-c", SAMPLE, "--as-of", AS_OF)
    assert result.exit_code == 2
    assert "no recipient: pass --mail-to EMAIL" in result.stderr


def test_any_window_flag_replaces_the_default_last_week(run):
    for flag in ("--week", "--last-month", "--days"):
        extra = ("7",) if flag == "--days" else ()
        result = run("digest", "--no-save", "--as-of", AS_OF, flag, *extra)
        assert result.exit_code == 0, (flag, result.output)
    month = run("digest", "--no-save", "--as-of", AS_OF, "--last-month")
    assert month.stdout.startswith("levelcal weekly digest: month 2026-10 (")


def test_send_never_mails_the_bundled_sample(run, smtp_server, isolated_config, monkeypatch):
    inbox, port = smtp_server()
    configure(isolated_config, port)
    config_file = isolated_config / "config.toml"
    config_file.write_text(config_file.read_text().replace(f'calendars = ["{SAMPLE}"]\n', ""))
    monkeypatch.setenv(PASSWORD_VARIABLE, "correct horse")
    result = run("digest", "--send", "--as-of", AS_OF)
    assert result.exit_code == 2
    assert result.stderr == (
        "levelcal: error: digest --send: no calendar configured, and the bundled sample is for "
        "looking, not for mailing; levelcal config set calendars FILE (or URL, or google)\n"
    )
    assert inbox.messages == [] and history.load(8) == []


def test_the_output_file_chooses_the_format_unless_format_says(run, tmp_path):
    flags = ("--no-save", "--as-of", AS_OF)
    for name, start in (
        ("d.html", "<!DOCTYPE html>"),
        ("d.md", "# levelcal weekly digest"),
        ("d.txt", "levelcal weekly digest"),
    ):
        assert run("digest", *flags, "-o", str(tmp_path / name)).exit_code == 0
        assert (tmp_path / name).read_text().startswith(start), name
    assert run("digest", *flags, "-o", str(tmp_path / "x.html"), "--format", "text").exit_code == 0
    assert (tmp_path / "x.html").read_text().startswith("levelcal weekly digest")


def test_an_output_file_replaces_the_old_one_but_no_directory_is_made_up(run, tmp_path):
    flags = ("--no-save", "--as-of", AS_OF)
    page = tmp_path / "digest.md"
    page.write_text("last week's digest\n")
    assert run("digest", *flags, "-o", str(page)).exit_code == 0
    assert page.read_text().startswith("# levelcal") and page.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["digest.md"]  # no temporary file left
    missing = tmp_path / "reports" / "digest.md"
    result = run("digest", *flags, "-o", str(missing))
    assert result.exit_code == 2
    assert result.stderr == (
        f"levelcal: error: --output {missing}: no such directory '{missing.parent}'\n"
    )
    assert not missing.parent.exists()


def test_the_html_explains_the_operating_level_and_draws_each_target(run):
    earlier_weeks()
    page = run("digest", "--format", "html", "--no-save", "--as-of", AS_OF, "--role", "vp").stdout
    assert "Operating level: the average level of the work hours in a week, doing = 1" in page
    # The VP targets, stacked as the weeks' bars are: doing 15, managing 20, directing 45,
    # visioning 20, each a cell as wide as its share, in the level's colour.
    target = page[page.index('<tr class="target">') :]
    for level, label, percent in (
        ("implementation", "≤15%", 15),
        ("unification", "≤20%", 20),
        ("communication", "≥45%", 45),
        ("beyond", "≥20%", 20),
    ):
        cell = target[target.index(f'<td class="{level}"') :]
        assert cell.startswith(f'<td class="{level}" width="{percent}%"'), level
        assert f">{label}</td>" in cell[: cell.index("</td>") + 5]
