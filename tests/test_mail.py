"""SMTP after the message is taken (issue 15, item 7): a failed QUIT is a warning.

Once the server answers 250 to DATA the message is its to deliver (RFC 5321
§4.1.1.4); saying "nothing was sent" then invites a second copy. The servers are
aiosmtpd on 127.0.0.1, as in test_digest.py, with handlers that fail at QUIT.
"""

from __future__ import annotations

import pytest

from test_digest import AS_OF, PASSWORD_VARIABLE, Inbox, configure, serve


class FailsAtQuit(Inbox):
    """Takes the message, then answers QUIT with an error (`421`) or hangs up without one."""

    def __init__(self, hang_up: bool) -> None:
        super().__init__()
        self.hang_up = hang_up

    async def handle_QUIT(self, server, session, envelope):
        if self.hang_up:
            server.transport.abort()  # the connection drops: no reply at all
        return "421 4.3.2 shutting down"


@pytest.fixture(params=[False, True], ids=["421 at QUIT", "hangs up at QUIT"])
def failing_server(request):
    inbox = FailsAtQuit(hang_up=request.param)
    controller, port = serve(inbox)
    yield inbox, port, request.param
    controller.stop()


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_a_message_taken_before_quit_failed_is_sent_with_a_warning(
    run, failing_server, isolated_config, monkeypatch
):
    inbox, port, hung_up = failing_server
    configure(isolated_config, port)
    monkeypatch.setenv(PASSWORD_VARIABLE, "correct horse")
    result = run("digest", "--send", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert len(inbox.messages) == 1
    assert "nothing was sent" not in result.stderr
    warning = next(line for line in result.stderr.splitlines() if "QUIT" in line)
    assert warning.startswith(f"levelcal: warning: SMTP 127.0.0.1:{port}: the server took the ")
    assert warning.endswith("; it was sent")
    reason = warning.removeprefix(f"levelcal: warning: SMTP 127.0.0.1:{port}: ")
    assert ("421" in reason) is not hung_up  # not in the line: the port may hold "421"
    assert "sent the digest for week 2026-W47 to dana@northwind.example" in result.stderr
