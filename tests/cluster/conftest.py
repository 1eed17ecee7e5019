"""A small cluster (nginx and two replicas of one worker each) over a small
library, started once for the module. nginx comes from deploy/ensure-nginx.sh;
when it cannot be installed the tests are skipped and say so, unless
KB_REQUIRE_NGINX=1 (CI), which makes that a failure."""

from __future__ import annotations

import os
import subprocess

import pytest

from deploy.cluster import DEPLOY, Cluster
from indexer.build.builder import build_index
from tests.web.conftest import write_small_guidance

MAX_AGE = 2  # seconds a shared cache may keep a public page (60 by default)


def _nginx_problem() -> str | None:
    done = subprocess.run(["bash", str(DEPLOY / "ensure-nginx.sh")],
                          capture_output=True, text=True, check=False)
    return None if done.returncode == 0 else done.stderr.strip() or "nginx is missing"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    problem = _nginx_problem()
    if problem:
        if os.environ.get("KB_REQUIRE_NGINX") == "1":
            pytest.fail(f"KB_REQUIRE_NGINX=1 but {problem}", pytrace=False)
        pytest.skip(f"cluster tests skipped: {problem}")
    top = tmp_path_factory.mktemp("cluster")
    guidance = write_small_guidance(top / "guidance")
    build_index(guidance, top / "index", full=True)
    run = top / "run"
    with Cluster(run, guidance, top / "index", replicas=2, workers=1,
                 settings={"KB_CACHE_MAX_AGE": str(MAX_AGE)}) as running:
        yield running
