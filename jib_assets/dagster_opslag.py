"""Dagster's SQLite event log (its default storage) with one database engine per file, kept.

Dagster's `SqliteEventLogStorage` (one SQLite file per run, plus an index file) builds a new SQLAlchemy engine for
every read and write of an event and throws it away. Each of the ~300 events of a month's run then pays for
connecting, compiling its INSERT again (SQLAlchemy keeps compiled statements on the engine) and closing the file,
which in SQLite's WAL mode also checkpoints the log into the database file: on the demo about 18 ms an event,
5.3 s of a 21 s month. `keep_engines` replaces the storage's `_connect` so that the last `BEWAARD` files each keep
their engine and one open connection. Same files, same format, same transactions (every read or write still runs
in its own transaction and commits at once), and the storage's own lock still hands the connection to one thread
at a time; only the connecting, compiling and closing between events is gone. The Dagster UI and other processes
read the files as before (SQLite's WAL lets readers in beside one writer).

It is applied where runs execute: on import of `jib_assets.definitions` (the `jib` commands, the code server, and
the run workers the daemon starts). A process that does not load the definitions (the webserver, the daemon
itself) keeps Dagster's own behaviour, which is the same on disk.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from sqlalchemy.pool import StaticPool

BEWAARD = 8  # files whose engine is kept: the index, the running run and a few runs read (the UI, a backfill)

_ORIGINAL = {"dispose": SqliteEventLogStorage.dispose, "wipe": SqliteEventLogStorage.wipe}


def _engines(storage: SqliteEventLogStorage) -> OrderedDict[str, sqlalchemy.Engine]:
    return storage.__dict__.setdefault("_jib_engines", OrderedDict())


def _engine(storage: SqliteEventLogStorage, shard: str) -> sqlalchemy.Engine:
    """The kept engine of one file (the caller holds the storage's lock), the least recently used one
    disposed when more than BEWAARD are kept."""
    engines = _engines(storage)
    engine = engines.get(shard)
    if engine is not None:
        engines.move_to_end(shard)
        return engine
    # StaticPool: one connection, reused. The storage's lock gives it to one thread at a time, so it may be used
    # from another thread than the one that opened it (check_same_thread off).
    engine = sqlalchemy.create_engine(
        storage.conn_string_for_shard(shard), poolclass=StaticPool,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
    )
    if shard not in storage._initialized_dbs:
        storage._initdb(engine)
        storage._initialized_dbs.add(shard)
    engines[shard] = engine
    while len(engines) > BEWAARD:
        engines.popitem(last=False)[1].dispose()
    return engine


def _drop_engines(storage: SqliteEventLogStorage) -> None:
    engines = _engines(storage)
    while engines:
        engines.popitem()[1].dispose()


@contextmanager
def _connect(self: SqliteEventLogStorage, shard: str) -> Iterator[sqlalchemy.Connection]:
    with self._db_lock:
        engine = _engine(self, shard)
        try:
            with engine.connect() as conn, conn.begin():
                yield conn
        except BaseException:
            # The transaction was rolled back; a connection left in a bad state (a file removed under it) is not kept.
            _engines(self).pop(shard, None)
            engine.dispose()
            raise


def _dispose(self: SqliteEventLogStorage) -> None:
    with self._db_lock:
        _drop_engines(self)
    _ORIGINAL["dispose"](self)


def _wipe(self: SqliteEventLogStorage) -> None:
    with self._db_lock:
        _drop_engines(self)  # the files are removed: no connection may stay open on them
    _ORIGINAL["wipe"](self)


def keep_engines() -> None:
    """Replace SqliteEventLogStorage's connect (and its dispose and wipe, which close the kept engines)."""
    SqliteEventLogStorage._connect = _connect
    SqliteEventLogStorage.dispose = _dispose
    SqliteEventLogStorage.wipe = _wipe
