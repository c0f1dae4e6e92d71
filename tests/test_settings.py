"""`levelcal config`: show, set, unset, path; validated, never storing a password."""

import pytest

from levelcal import config


def test_set_writes_the_key_and_keeps_the_rest_of_the_file(run, isolated_config):
    path = isolated_config / "config.toml"
    path.write_text('# my calendars\ncalendars = ["~/work.ics"]  # the main one\n')
    result = run("config", "set", "role", "vp")
    assert result.exit_code == 0, result.output
    assert result.stdout == 'role = "vp"\n'
    text = path.read_text()
    assert text.startswith('# my calendars\ncalendars = ["~/work.ics"]  # the main one\n')
    assert config.load().role == "vp"
    assert config.load().calendars == ("~/work.ics",)
    assert path.stat().st_mode & 0o777 == 0o600


def test_set_takes_several_values_for_a_list_and_short_level_names_for_targets(run):
    assert run("config", "set", "digest.to", "a@x.example", "b@x.example").exit_code == 0
    assert run("config", "set", "targets.doing", "10%").exit_code == 0
    assert run("config", "set", "smtp.port", "2525").exit_code == 0
    assert run("config", "set", "smtp.keyring", "yes").exit_code == 0
    loaded = config.load()
    assert loaded.digest.recipients == ("a@x.example", "b@x.example")
    assert loaded.target_overrides == {config.Level.IMPLEMENTATION: 10.0}
    assert loaded.smtp.port == 2525 and loaded.smtp.keyring is True


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("role", "boss"), "`role` must be one of ic, manager, director, vp, c-level, founder"),
        (("timezone", "Mars/Olympus"), "`timezone` must be an IANA zone"),
        (("targets.doing", "120"), "`targets.implementation` must be a percentage from 0 to 100"),
        (("targets.other", "5"), "targets.other: 'other' is not a level; use one of doing"),
        (("targets.d", "5"), "targets.d: 'd' could be doing or directing"),
        (("smtp.port", "abc"), "smtp.port must be a whole number, got 'abc'"),
        (("smtp.port", "70000"), "`smtp.port` must be a port number from 1 to 65535"),
        (("smtp.security", "tls"), "`smtp.security` must be one of starttls, ssl, none"),
        (("smtp.password_env", "my-pass"), "`smtp.password_env` must be the NAME"),
        (("smtp.password", "hunter2"), "a password is never stored in the config"),
        (("working_hours.start", "9am"), "`working_hours.start` must be a time HH:MM"),
        (("working_hours.days", "mon", "funday"), "'fun' is not a weekday"),
        (("digest.to", "not-an-address"), "`digest.to`: 'not-an-address' is not an email"),
        (("me", "dana"), "`me`: 'dana' is not an email address"),
        (("calendars", "/no/such/work.ics"), "`calendars`: '/no/such/work.ics': no such file"),
        (("colour", "red"), "unknown config key 'colour'"),
        (("role", "vp", "ic"), "role takes one value, got 2"),
    ],
)
def test_a_bad_value_is_refused_with_one_line_naming_the_key(
    run, isolated_config, arguments, message
):
    result = run("config", "set", *arguments)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "hunter2" not in result.stderr
    assert not (isolated_config / "config.toml").exists()  # nothing written


def test_unset_removes_the_key_and_an_empty_table(run, isolated_config):
    run("config", "set", "smtp.host", "mail.example")
    run("config", "set", "role", "manager")
    assert run("config", "unset", "smtp.host").stdout == "smtp.host: removed\n"
    assert run("config", "unset", "smtp.host").stdout == "smtp.host: was not set\n"
    assert (isolated_config / "config.toml").read_text() == 'role = "manager"\n'


def test_show_gives_effective_values_and_where_the_password_comes_from_never_the_password(
    run, isolated_config, monkeypatch
):
    monkeypatch.setenv("LEVELCAL_TEST_SMTP_PASSWORD", "s3cret-value")
    (isolated_config / "config.toml").write_text(
        'role = "vp"\n[targets]\ndoing = 12\n'
        '[smtp]\nhost = "mail.example"\nsecurity = "ssl"\n'
        'password_env = "LEVELCAL_TEST_SMTP_PASSWORD"\n'
    )
    result = run("config")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"# {isolated_config / 'config.toml'}"
    assert 'role = "vp"' in lines
    assert "targets.implementation = 12" in lines
    assert "targets.communication = 45  # the VP default" in lines
    assert "smtp.port = 465  # for ssl" in lines
    assert "# the SMTP password: from $LEVELCAL_TEST_SMTP_PASSWORD (set); never shown" in lines
    assert "s3cret" not in result.stdout


def test_path_prints_the_config_file(run, isolated_config):
    assert run("config", "path").stdout == f"{isolated_config / 'config.toml'}\n"


def test_a_password_written_into_the_file_by_hand_is_refused_on_load(run, isolated_config):
    (isolated_config / "config.toml").write_text('[smtp]\npassword = "hunter2"\n')
    result = run("analyze", "--week", "--as-of", "2026-11-25")
    assert result.exit_code == 2
    assert "`smtp.password` is not allowed" in result.stderr


def test_the_google_keys_are_set_validated_and_shown(run):
    assert run("config", "set", "google.calendars", "primary", "team@group.example").exit_code == 0
    assert run("config", "set", "google.sync_days_back", "30").exit_code == 0
    refused = run("config", "set", "google.sync_days_ahead", "99999")
    assert refused.exit_code == 2
    assert "google.sync_days_ahead" in refused.stderr and len(refused.stderr.splitlines()) == 1
    loaded = config.load().google
    assert loaded.calendars == ("primary", "team@group.example")
    assert (loaded.sync_days_back, loaded.sync_days_ahead) == (30, 90)
    shown = run("config").stdout
    assert "google.sync_days_back = 30\n" in shown
    assert "google.sync_days_ahead = 90  # default\n" in shown


def test_targets_take_any_name_of_a_work_level_and_calendars_must_exist_when_set(run, tmp_path):
    assert run("config", "set", "targets.vis", "25").exit_code == 0
    assert config.load().target_overrides == {config.Level.BEYOND: 25.0}
    work = tmp_path / "work.ics"
    work.write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    result = run("config", "set", "calendars", str(work), "https://example.com/team.ics", "google")
    assert result.exit_code == 0, result.stderr
    assert config.load().calendars == (str(work), "https://example.com/team.ics", "google")


def test_me_written_by_hand_must_be_an_address_as_digest_to_is(run, isolated_config):
    (isolated_config / "config.toml").write_text('me = ["dana"]\n')
    result = run("analyze", "--week", "--as-of", "2026-11-25")
    assert result.exit_code == 2
    assert result.stderr == (
        f"levelcal: error: {isolated_config / 'config.toml'}: `me`: 'dana' is not an email "
        "address\n"
    )
