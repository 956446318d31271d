"""A report is built with the cyclic garbage collector paused, and it is always back on
afterwards, also when the report fails."""

from __future__ import annotations

import gc
from datetime import timedelta

import pytest

from exporter.gcpause import collector_paused


def test_the_summary_and_the_pdf_pause_the_collector_and_restore_it(tmp_path):
    from test_export import CATALOG, START, make_store

    from exporter.build import build_summary
    from exporter.pdf import render_pdf

    store, cid = make_store(tmp_path / "d")
    seen = []
    real = store.trials

    def spy(*a, **k):
        seen.append(gc.isenabled())
        return real(*a, **k)

    store.trials = spy
    assert gc.isenabled()
    summary = build_summary(store, cid, START, START + timedelta(days=9), CATALOG)
    assert seen == [False] and gc.isenabled()

    def load_trial(tid):
        seen.append(gc.isenabled())
        return store.get_trial(tid, with_samples=True)

    render_pdf(summary, load_trial)
    assert seen[1:] and not any(seen[1:]) and gc.isenabled()
    store.close()


def test_the_collector_comes_back_after_a_failure_and_nesting_leaves_it_to_the_outer():
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("a report that fails")
    assert gc.isenabled()
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
