"""``duchatai init``: a new ledger, its git repository and its first commit."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from duchatai.core.errors import InvalidInput
from duchatai.core.messages import t
from duchatai.core.text import clean_text
from duchatai.store.change import write_failure
from duchatai.store.discovery import CONFIG_NAME
from duchatai.store.files import atomic_write
from duchatai.store.git import commit, in_git_repo, resolve_actor, run_git
from duchatai.store.gitconfig import CLERK_PATTERN, GITATTRIBUTES, register_driver, set_clerk
from duchatai.store.interrupts import signals_deferred, signals_raise
from duchatai.store.yamlio import yaml_scalar

# Earlier versions kept their state in the work tree, in ``.duchatai/``: a clone still
# run by one of them must never commit it (the state now lives in the git directory).
GITIGNORE = "# duchatai's local state: never commit it\n.duchatai/\n"


def init_ledger(
    path: Path,
    actor_by: str | None,
    env: Mapping[str, str],
    *,
    office: str,
    lang: str,
    clerk: str | None = None,
) -> Path:
    """Create a ledger at ``path``: config, ``items/``, ``archive/``, git, one commit."""
    if clerk is not None and not CLERK_PATTERN.match(clerk.strip().upper()):
        raise InvalidInput(t("bad_clerk", code=clerk))
    office = clean_text(office, "--office")  # printed atop every report and sheet
    root = path.expanduser().resolve()
    if (root / CONFIG_NAME).exists():
        raise InvalidInput(t("ledger_exists", path=path))
    root.mkdir(parents=True, exist_ok=True)
    created_repo = False
    if not in_git_repo(root):
        run_git(root, "init", "-q")
        created_repo = True
    template = resources.files("duchatai").joinpath("templates/duchatai.yaml").read_text("utf-8")
    config_text = template.format(office=yaml_scalar(office), lang=yaml_scalar(lang))
    files = {
        root / CONFIG_NAME: config_text.encode("utf-8"),
        root / ".gitignore": GITIGNORE.encode("utf-8"),
        root / ".gitattributes": GITATTRIBUTES.encode("utf-8"),
        root / "items" / ".gitkeep": b"",
        root / "archive" / ".gitkeep": b"",
    }
    written: list[Path] = []
    # A clerk's own .gitignore/.gitattributes get our lines appended: put back as found.
    originals: dict[Path, bytes | None] = {}
    try:
        with signals_raise():
            for file, data in files.items():
                if file.name in (".gitignore", ".gitattributes") and file.exists():
                    existing = file.read_text("utf-8")
                    if data.decode("utf-8").splitlines()[1] in existing:
                        continue
                    originals[file] = existing.encode("utf-8")
                    data = (existing.rstrip("\n") + "\n" + data.decode("utf-8")).encode("utf-8")
                atomic_write(file, data)
                written.append(file)
            actor = resolve_actor(actor_by, env, root)
            commit(root, written, f"init ledger: {office}", actor)
            register_driver(root)
            if clerk:
                set_clerk(root, clerk)
    except BaseException as error:
        _put_back(written, originals, root / ".git" if created_repo else None)
        failure = write_failure(error, root)
        if failure is not None:
            raise failure from None
        raise
    return root


def _put_back(written: list[Path], originals: dict[Path, bytes | None], repo: Path | None) -> None:
    """Undo a failed ``init``: the files as found, the repository removed if it made one."""
    with signals_deferred():
        for file in written:
            with contextlib.suppress(OSError):
                original = originals.get(file)
                if original is None:
                    file.unlink()
                else:
                    atomic_write(file, original)
        if repo is not None:
            shutil.rmtree(repo, ignore_errors=True)
