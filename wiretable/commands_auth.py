"""``wiretable users …`` and ``wiretable token …``: who may sign in to a server, and with which role.

Both write to the app database the server uses (the embedded one under ``WIRETABLE_HOME`` unless
``WIRETABLE_DATABASE_URL`` is set). As soon as one user or token exists, every interface of the
server asks for sign-in.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated

import typer

from kernel.errors import WiretableError

if TYPE_CHECKING:
    from jobs.accounts import AccountStore

users = typer.Typer(help="Manage the users who sign in to the web UI and the API.", no_args_is_help=True)
token = typer.Typer(help="Manage API tokens (sent as 'Authorization: Bearer TOKEN').", no_args_is_help=True)

RoleOption = Annotated[str, typer.Option("--role", "-r", help="viewer (reads), editor (captures, edits schemas) "
                                         "or admin (pushes, users, tokens, target profiles).")]
PASSWORD_ENV = "WIRETABLE_PASSWORD"


def _accounts() -> AccountStore:
    from jobs.accounts import AccountStore
    from kernel.settings import Settings

    settings = Settings()
    url = settings.database_url
    if not url:
        from sql.embedded import EmbeddedPostgres

        url = EmbeddedPostgres(settings.pgdata).app_url
    return AccountStore(url)


def _fail(exc: WiretableError) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(1)


@users.command("add")
def users_add(name: Annotated[str, typer.Argument(help="The user name to sign in with.")],
              role: RoleOption = "viewer") -> None:
    """Add a user, or set an existing user's password and role.

    The password comes from the WIRETABLE_PASSWORD environment variable, else from a prompt.
    """
    from jobs.accounts import check_role

    try:
        check_role(role)
        password = os.environ.get(PASSWORD_ENV) or typer.prompt("Password", hide_input=True,
                                                                 confirmation_prompt=True)
        _accounts().add_user(name, password, role)
    except WiretableError as exc:
        raise _fail(exc) from None
    typer.echo(f"user {name} saved with role {role}", err=True)


@users.command("list")
def users_list() -> None:
    """List the users and their roles."""
    try:
        rows = _accounts().users()
    except WiretableError as exc:
        raise _fail(exc) from None
    for row in rows:
        typer.echo(f"{row['name']}\t{row['role']}\t{row['created_at']:%Y-%m-%d %H:%M}")


@users.command("remove")
def users_remove(name: Annotated[str, typer.Argument(help="The user to remove.")]) -> None:
    """Remove a user; their sessions stop working."""
    try:
        _accounts().remove_user(name)
    except WiretableError as exc:
        raise _fail(exc) from None
    typer.echo(f"user {name} removed", err=True)


@token.command("create")
def token_create(role: RoleOption = "viewer",
                 label: Annotated[str | None, typer.Option(help="What the token is for.")] = None) -> None:
    """Create an API token and print it (only the token, on stdout); it is not shown again."""
    try:
        typer.echo(_accounts().create_token(role, label))
    except WiretableError as exc:
        raise _fail(exc) from None


@token.command("list")
def token_list() -> None:
    """List the tokens (id, role, label); the tokens themselves are not stored."""
    try:
        rows = _accounts().tokens()
    except WiretableError as exc:
        raise _fail(exc) from None
    for row in rows:
        state = "revoked" if row["revoked_at"] else "active"
        typer.echo(f"{row['id']}\t{row['role']}\t{state}\t{row['label'] or ''}")


@token.command("revoke")
def token_revoke(token_id: Annotated[str, typer.Argument(help="The id that `token list` shows.")]) -> None:
    """Revoke a token at once."""
    try:
        _accounts().revoke_token(token_id)
    except WiretableError as exc:
        raise _fail(exc) from None
    typer.echo(f"token {token_id} revoked", err=True)


def register(app: typer.Typer) -> None:
    app.add_typer(users, name="users")
    app.add_typer(token, name="token")
