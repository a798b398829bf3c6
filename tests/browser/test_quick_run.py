"""A person's path through the Prefect UI, in a real browser (Debian's chromium driven by
playwright): Deployments > parley-pipeline > Run > Quick run, then the completed run and its
artifacts. A real Prefect server on loopback, `parley serve` in a subprocess, real Parquet tables.

Screenshots go to $PARLEY_TEST_ARTIFACTS (default tests/artifacts/, ignored by git)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from serving import (
    REPO,
    check_artifacts,
    copy_sample,
    parley_env,
    read_run_artifacts,
    served,
    stop,
    wait_for_deployment,
)

from parley.io.tables import read_table

pytestmark = [pytest.mark.browser, pytest.mark.flow, pytest.mark.models]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SAMPLE = ["en_az_kz_video_meeting.txt", "ru_az_ru_moscow_meeting.txt", "uz_cyrl_pensions_statement.txt"]
DEPLOYMENT = "parley-pipeline/parley-pipeline"


def _require_browser() -> None:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install -y chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("playwright (pip install playwright; never `playwright install`)")
    if missing:
        message = f"browser test needs {' and '.join(missing)}; .ci/run installs both"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def screenshots() -> Path:
    folder = Path(os.environ.get("PARLEY_TEST_ARTIFACTS") or REPO / "tests" / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`prefect server start` on a free loopback port with its own PREFECT_HOME (database)."""
    _require_browser()
    import httpx

    port = _free_port()
    home = tmp_path_factory.mktemp("prefect-server-home")
    api_url = f"http://127.0.0.1:{port}/api"
    env = parley_env(None, PREFECT_HOME=str(home), PREFECT_UI_API_URL=api_url)
    log = home / "server.log"
    prefect = Path(sys.executable).with_name("prefect")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=out, stderr=subprocess.STDOUT, cwd=home,
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{api_url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"Prefect server did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


def _wait_for_terminal_run(api_url: str, flow_run_id: str, timeout_s: float = 300) -> object:
    from prefect import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    deadline = time.monotonic() + timeout_s
    with temporary_settings({PREFECT_API_URL: api_url}), get_client(sync_client=True) as client:
        while time.monotonic() < deadline:
            run = client.read_flow_run(flow_run_id)
            if run.state is not None and run.state.is_final():
                return run
            time.sleep(1)
    raise AssertionError(f"flow run {flow_run_id} not finished after {timeout_s} s")


def _wait_for_quick_run(page: object, api_url: str, deployment_id: object, screenshots: Path, log: Path,
                        timeout_s: float = 120) -> str:
    """The id of the run the Quick run click created, read from the API (the truth); the toast's
    "View run" link, when seen, must point at the same run. The toast fades after a few seconds and
    shows only once the server has answered, so on a loaded machine it can come and go between two
    looks: it is checked when seen, never waited for alone (CI once missed it inside 5 s)."""
    from prefect import get_client
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId
    from prefect.settings import PREFECT_API_URL, temporary_settings

    view_run = page.get_by_role("link", name="View run")
    toast_run_id = None
    deadline = time.monotonic() + timeout_s
    with temporary_settings({PREFECT_API_URL: api_url}), get_client(sync_client=True) as client:
        while time.monotonic() < deadline:
            if toast_run_id is None and view_run.count() and view_run.first.is_visible():
                link = view_run.first.get_attribute("href") or ""
                found = re.search(r"/flow-run/([0-9a-f-]{36})", link)
                if found:
                    toast_run_id = found.group(1)
                    page.screenshot(path=screenshots / "1-quick-run.png")
            runs = client.read_flow_runs(
                deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id]))
            )
            manual = [run for run in runs if not run.auto_scheduled]
            if manual:
                assert len(manual) == 1, f"one click made {len(manual)} runs: {[run.name for run in manual]}"
                run_id = str(manual[0].id)
                assert toast_run_id in (None, run_id), f"the toast links run {toast_run_id}, the click made {run_id}"
                return run_id
            page.wait_for_timeout(250)
    page.screenshot(path=screenshots / "1-quick-run.png")
    raise AssertionError(f"Quick run made no flow run in {timeout_s} s:\n{log.read_text()[-3000:]}")


def test_quick_run_from_the_ui(prefect_server: str, sample_dir: Path, tmp_path: Path, screenshots: Path) -> None:
    from playwright.sync_api import expect, sync_playwright
    from prefect.settings import PREFECT_API_URL, temporary_settings

    api_url = f"{prefect_server}/api"
    inputs = copy_sample(sample_dir, tmp_path / "in", SAMPLE)
    output = tmp_path / "out"
    log = tmp_path / "serve.log"
    with served(api_url, inputs, output, log) as process, sync_playwright() as playwright:
        deployment = wait_for_deployment(api_url, DEPLOYMENT, process, log)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60_000)
        expect.set_options(timeout=30_000)  # a loaded 2-core CI machine renders slowly; 5 s is not enough
        try:
            page.goto(f"{prefect_server}/v2/deployments")
            page.get_by_role("link", name="parley-pipeline").first.click()
            page.wait_for_url(f"**/deployment/{deployment.id}**")
            page.get_by_role("button", name="Run").click()
            page.get_by_role("menuitem", name="Quick run").click()
            flow_run_id = _wait_for_quick_run(page, api_url, deployment.id, screenshots, log)
            page.goto(f"{prefect_server}/v2/runs/flow-run/{flow_run_id}")

            run = _wait_for_terminal_run(api_url, flow_run_id)
            assert run.state.is_completed(), f"{run.state}\n{log.read_text()[-5000:]}"
            assert run.deployment_id == deployment.id

            page.reload()
            expect(page.get_by_text("Completed").first).to_be_visible()
            page.get_by_role("tab", name="Artifacts").click()
            for key in ("parley-summary", "parley-events", "parley-picture"):
                expect(page.get_by_text(key).first).to_be_visible()
            expect(page.get_by_text("What this parley run did")).to_be_visible()  # cards loaded
            page.mouse.move(0, 0)
            page.wait_for_timeout(2000)  # for the screenshot only: the run graph draws last
            page.screenshot(path=screenshots / "2-run-artifacts.png", full_page=True)

            page.get_by_text("parley-picture").first.click()
            page.locator("a", has_text=re.compile(r"^[0-9a-f]{8}$")).first.click()
            image = page.locator("img[src^='data:image/png']").first
            expect(image).to_be_visible()
            assert image.evaluate("img => img.complete && img.naturalWidth") > 300, "the picture did not render"
            page.screenshot(path=screenshots / "3-picture.png", full_page=True)
        finally:
            page.screenshot(path=screenshots / "last.png", full_page=True)
            browser.close()

    documents = read_table(output, "documents")
    assert sorted(documents.column("lang").to_pylist()) == ["en", "ru", "uz"]
    assert read_table(output, "rejects").num_rows == 0
    annotated = set(read_table(output, "annotations").column("doc_id").to_pylist())
    assert annotated == set(documents.column("doc_id").to_pylist())
    assert read_table(output, "tokens").num_rows > 100
    with temporary_settings({PREFECT_API_URL: api_url}):
        check_artifacts(read_run_artifacts(flow_run_id), output)
