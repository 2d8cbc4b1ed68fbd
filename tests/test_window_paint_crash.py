"""The window-paint measure (bench and the slow exe test) starts once more a start that ended
before painting, and keeps what it printed; a second one in a row fails with that output."""

import os
import shutil

import pytest

from bench import window_paint

# create-user succeeds; `desktop` prints a reason and aborts as Qt does (SIGABRT, -6).
ABORTS = ["sh", "-c", 'case "$1" in create-user) exit 0;; esac; '
          'echo "qt.qpa: this start went wrong" >&2; kill -ABRT $$', "sh"]


def test_a_start_that_aborts_is_tried_again_once_and_its_output_kept():
    if shutil.which("Xvfb") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Xvfb is not installed")
        pytest.skip("Xvfb is not installed")
    crashes: list[str] = []
    with pytest.raises(window_paint.StoppedBeforePainting) as second:
        window_paint.measure(ABORTS, runs=1, crashes=crashes)
    assert "stopped (-6) before painting" in str(second.value)
    assert "qt.qpa: this start went wrong" in second.value.output
    assert len(crashes) == 1 and "qt.qpa: this start went wrong" in crashes[0]
