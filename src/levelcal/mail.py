"""Sending the digest by SMTP: the whole message is built first, then sent in one go.

Unattended (cron): nothing here prompts. Every failure is a NetworkError (exit 3)
or, for settings that cannot work, a ConfigError (exit 2), with one line that
names the server. A recipient refused by the server stops the send before the
message data goes out (RSET), so nobody gets a copy the others did not.

Once the server has answered 250 to the message data (RFC 5321 §4.1.1.4), the
message is the server's to deliver: a failure after that, at QUIT, is a warning,
never "nothing was sent", which would invite sending it twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from levelcal.config import Smtp
from levelcal.errors import ConfigError, NetworkError

if TYPE_CHECKING:
    import smtplib
    from email.message import EmailMessage

TIMEOUT_SECONDS = 30
KEYRING_SERVICE = "levelcal"


def build(
    *, subject: str, sender: str, recipients: Sequence[str], text: str, html: str
) -> EmailMessage:
    """A multipart/alternative message: the plain text first, the HTML preferred."""
    from email.message import EmailMessage
    from email.utils import formatdate, make_msgid

    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


def password(smtp: Smtp) -> str | None:
    """The SMTP password from the environment variable or the keyring; never from argv."""
    from levelcal import credentials

    if smtp.user is None:
        return None
    return credentials.password(
        "smtp",
        smtp.user,
        password_env=smtp.password_env,
        keyring=smtp.keyring,
        service=KEYRING_SERVICE,
    )


def send(message: EmailMessage, smtp: Smtp, secret: str | None) -> str | None:
    """Connect, secure, log in, and send; nothing is delivered unless every recipient is taken.

    Returns a warning when the server took the message but failed to say goodbye.
    """
    import contextlib
    import io
    import smtplib
    import ssl
    from email.generator import BytesGenerator
    from email.utils import getaddresses

    if not smtp.host:
        raise ConfigError("smtp.host is not set: levelcal config set smtp.host mail.example.com")
    where = f"SMTP {smtp.host}:{smtp.effective_port}"
    sender = getaddresses([str(message["From"])])[0][1]
    recipients = [address for _, address in getaddresses([str(message["To"])])]
    flat = io.BytesIO()
    BytesGenerator(flat, policy=message.policy.clone(linesep="\r\n")).flatten(message)
    context = ssl.create_default_context()
    try:
        client: smtplib.SMTP
        if smtp.security == "ssl":
            client = smtplib.SMTP_SSL(
                smtp.host, smtp.effective_port, timeout=TIMEOUT_SECONDS, context=context
            )
        else:
            client = smtplib.SMTP(smtp.host, smtp.effective_port, timeout=TIMEOUT_SECONDS)
        try:
            client.ehlo()
            if smtp.security == "starttls":
                if not client.has_extn("starttls"):
                    raise NetworkError(
                        f"{where}: the server does not offer STARTTLS; nothing was sent "
                        "(set smtp.security to ssl, or none for a trusted local relay)"
                    )
                client.starttls(context=context)
                client.ehlo()
            if smtp.user is not None:
                client.login(smtp.user, secret or "")
            code, reply = client.mail(sender)
            if code != 250:
                raise NetworkError(f"{where}: sender {sender} refused ({code} {_text(reply)})")
            refused = {}
            for recipient in recipients:
                code, reply = client.rcpt(recipient)
                if code not in (250, 251):
                    refused[recipient] = f"{code} {_text(reply)}"
            if refused:
                client.rset()
                names = "; ".join(f"{who}: {why}" for who, why in refused.items())
                raise NetworkError(f"{where}: recipients refused ({names}); nothing was sent")
            code, reply = client.data(flat.getvalue())
            if code != 250:
                raise NetworkError(f"{where}: message refused ({code} {_text(reply)})")
        except BaseException:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                client.quit()  # a polite goodbye, when the server still listens
            client.close()
            raise
    except smtplib.SMTPAuthenticationError as error:
        raise NetworkError(
            f"{where}: login as {smtp.user} refused ({error.smtp_code} {_text(error.smtp_error)})"
        ) from None
    except (smtplib.SMTPException, ssl.SSLError, OSError) as error:
        raise NetworkError(f"{where}: {error or type(error).__name__}; nothing was sent") from None
    return _goodbye(client, where)


def _goodbye(client: smtplib.SMTP, where: str) -> str | None:
    """QUIT after the message was taken: what goes wrong now is only a warning."""
    import smtplib

    try:
        code, reply = client.docmd("QUIT")
        said = f"{code} {_text(reply)}"
    except (smtplib.SMTPException, OSError) as error:
        code, said = 0, str(error) or type(error).__name__
    finally:
        client.close()
    if code == 221:
        return None
    return f"{where}: the server took the message but failed at QUIT ({said}); it was sent"


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
