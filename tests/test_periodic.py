"""app.periodic: the one background loop behind the notifiers, the daily backup and the rules."""

import logging
import threading

import pytest

from app.periodic import Periodic, StopRunning

from .waiting import wait_until

WAIT = 10  # seconds a test waits for the thread before failing; never slept
LONG = 3600  # an interval no test lives to see


class Work:
    """Work that counts its turns and tells the test when the n-th one has run."""

    def __init__(self, fail_on: tuple[int, ...] = (), stop_on: int | None = None) -> None:
        self.turns = 0
        self.fail_on = fail_on
        self.stop_on = stop_on
        self.ran = threading.Event()

    def __call__(self) -> None:
        self.turns += 1
        self.ran.set()
        if self.turns == self.stop_on:
            raise StopRunning
        if self.turns in self.fail_on:
            raise RuntimeError(f"turn {self.turns} broke")

    def wait_for_turn(self) -> bool:
        ran = self.ran.wait(WAIT)
        self.ran.clear()
        return ran


@pytest.fixture
def started():
    """Start a Periodic and make sure it is stopped after the test."""
    loops: list[Periodic] = []

    def start(work, every=LONG, **options) -> Periodic:
        loops.append(Periodic("test-periodic", work, every, **options).start())
        return loops[-1]

    yield start
    for loop in loops:
        loop.stop()


def test_the_work_runs_at_start_and_again_when_woken(started):
    work = Work()
    loop = started(work)
    assert work.wait_for_turn(), "no turn at start"
    assert work.turns == 1
    loop.wake()
    assert work.wait_for_turn(), "waking did not run the work"
    assert work.turns == 2
    assert loop.running


def test_the_work_runs_again_after_each_interval(started):
    work = Work()
    started(work, every=0.01)
    for _ in range(3):
        assert work.wait_for_turn()
    assert work.turns >= 3


def test_the_first_turn_waits_for_the_first_delay_unless_woken(started):
    work = Work()
    loop = started(work, first_delay=LONG)
    assert not work.ran.wait(0.2), "the work ran before its first delay"
    loop.wake()
    assert work.wait_for_turn(), "waking did not cut the first delay short"
    assert work.turns == 1


def test_the_first_turn_comes_after_a_short_first_delay(started):
    work = Work()
    started(work, first_delay=0.05)
    assert work.wait_for_turn(), "no turn after the first delay"


def test_stop_ends_the_thread_and_waits_for_it(started):
    work = Work()
    loop = started(work)
    assert work.wait_for_turn()
    loop.stop()
    assert not loop.running
    loop.wake()  # a stopped loop does no more work
    assert work.turns == 1


def test_stopping_before_the_first_delay_does_no_work(started):
    work = Work()
    loop = started(work, first_delay=LONG)
    loop.stop()
    assert not loop.running
    assert work.turns == 0


def test_a_failing_turn_is_logged_and_the_loop_goes_on(started, caplog):
    work = Work(fail_on=(1,))
    with caplog.at_level(logging.ERROR, "app.periodic"):
        loop = started(work, failure="test work failed; retrying later")
        assert work.wait_for_turn()
        loop.wake()
        assert work.wait_for_turn(), "the thread died after the work failed"
    assert loop.running
    failures = [record for record in caplog.records if record.name == "app.periodic"]
    assert [record.getMessage() for record in failures] == ["test work failed; retrying later"]
    assert "turn 1 broke" in failures[0].exc_text


def test_the_work_ends_the_loop_for_good_by_raising_stop_running(started):
    work = Work(stop_on=1)
    loop = started(work, every=0.01)
    assert work.wait_for_turn()
    wait_until(lambda: not loop.running, WAIT, what="the loop to end on its own")
    assert not loop.running
    assert work.turns == 1


def test_the_work_may_stop_its_own_loop():
    work = Work()
    loop = Periodic("test-periodic", lambda: (work(), loop.stop()), 0.01)
    try:
        loop.start()
        assert work.wait_for_turn()
        wait_until(lambda: not loop.running, WAIT, what="the loop to end")
        assert not loop.running
        assert work.turns == 1
    finally:
        loop.stop()
