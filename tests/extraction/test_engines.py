"""The engines' helpers: items computed in a thread ahead of their reader."""

import threading
from collections.abc import Iterator

import pytest

from builder.extraction.engines import ahead


def test_items_come_in_order_from_another_thread():
    threads = set()

    def items() -> Iterator[int]:
        for i in range(50):
            threads.add(threading.current_thread())
            yield i

    with ahead(items(), depth=4) as read:
        assert list(read) == list(range(50))
    assert threading.current_thread() not in threads


def test_an_error_of_the_thread_is_raised_to_the_reader():
    def items() -> Iterator[int]:
        yield 1
        raise ValueError("bad")

    with ahead(items(), depth=4) as read, pytest.raises(ValueError, match="bad"):
        list(read)


def test_leaving_early_stops_the_thread():
    computed = []

    def items() -> Iterator[int]:
        for i in range(1000):
            computed.append(i)
            yield i

    with ahead(items(), depth=2) as read:
        assert next(read) == 0
    assert len(computed) < 10
    assert not any(t.name == "kg-ahead" for t in threading.enumerate())


def test_depth_zero_reads_in_the_reader_thread():
    def items() -> Iterator[threading.Thread]:
        yield threading.current_thread()

    with ahead(items(), depth=0) as read:
        assert list(read) == [threading.current_thread()]
