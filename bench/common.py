"""What bench/run.py and bench/load.py share: pages, ports, a server, Chromium, memory, medians."""

from __future__ import annotations

import ast
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PORTS = range(8600, 8700)  # the benchmark's own range, apart from the test suite's random ports
BARE_SCRIPT = 'import streamlit as st\n\nst.write("bare")\n'
# The cold-start floor for a page with a chart: the same, plus one small plotly chart (the browser must fetch and
# run plotly.js, 4.7 MB, before any chart is drawn).
BARE_CHART_SCRIPT = BARE_SCRIPT + 'st.plotly_chart({"data": [{"type": "bar", "x": ["a", "b"], "y": [1, 2]}]})\n'


@dataclass(frozen=True)
class Page:
    name: str
    script: str  # relative to ROOT, as AppTest.switch_page wants it
    url: str  # url path under the server root
    selector: str  # the page's last element that must be drawn
    min_count: int = 1  # …at least this many times (plotly charts the page always shows)


PLOTLY = ".js-plotly-plot .main-svg"
# url path → (the page's last element, how many of it the page always shows); other pages: their h1.
# The one table of when a page counts as drawn: the browser tests read it too (tests/test_browser.py).
READY = {"overview": (PLOTLY, 2), "themes": (PLOTLY, 4), "departments": (PLOTLY, 4), "breakdown": (PLOTLY, 2),
         "explorer": ("[data-testid=stDataFrame]", 1), "programme": (PLOTLY, 1),
         "data": ("[data-testid=stMain] [data-testid=stDownloadButton]", 1),  # not the sidebar's template button
         "draft": ("[data-testid=stAlertContentInfo]", 1), "pack": ("[data-testid=stAlertContentInfo]", 1)}
DEFAULT_URL = "overview"  # the st.Page with default=True: served at "/"


def discover_pages(app: Path = ROOT / "dashboard.py") -> tuple[Page, ...]:
    """The pages dashboard.py routes to, read from its PAGES list (path, title key, icon, url path).

    Falls back to the seven pages of the issue when dashboard.py no longer has a literal PAGES list.
    """
    entries = [(f"pages/{url}.py", "", "", url) for url in READY]
    try:
        tree = ast.parse(app.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "PAGES" for t in node.targets):
                entries = [tuple(entry) for entry in ast.literal_eval(node.value)]
                break
    except (OSError, SyntaxError, ValueError, TypeError):
        pass
    pages = []
    for script, _key, _icon, url in entries:
        selector, count = READY.get(url, ("h1", 1))
        pages.append(Page(url, script, "" if url == DEFAULT_URL else url, selector, count))
    pages.sort(key=lambda p: p.url != "")  # the default page first: it warms a fresh server up
    return tuple(pages)


PAGES = discover_pages()
BARE_PAGE = Page("bare", "", "", "[data-testid=stMarkdown]", 1)



def allow_large_registries(data_dir: Path) -> int | None:
    """The 100× and 1000× unit registries are over analytics.corpus.yamlio.MAX_BYTES: raise the cap in this process
    only, to one byte over the largest file under `data_dir`; the size that made it rise, or None."""
    from analytics.corpus import yamlio

    biggest = max(p.stat().st_size for p in Path(data_dir).rglob("*.yaml"))
    if biggest > yamlio.MAX_BYTES:
        yamlio.MAX_BYTES = biggest + 1
        return biggest
    return None

def median(values) -> float:
    values = list(values)
    return statistics.median(values) if values else float("nan")


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import streamlit

    return {"cpus": os.cpu_count(), "cpu_model": model, "python": platform.python_version(),
            "platform": platform.platform(), "streamlit": streamlit.__version__, "loadavg_at_start": loadavg()}


def loadavg() -> list[float]:
    """1-, 5- and 15-minute load averages: other processes on the machine skew every figure."""
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:
        return []


def port_range(text: str) -> range:
    """A --ports value, "8640-8659" or one port, as a range."""
    first, _, last = text.partition("-")
    return range(int(first), int(last or first) + 1)


def browser_options(parser, ports: str, timeout: float) -> None:
    """The options a browser benchmark takes beside its own: --ports, --timeout (any one wait), --json."""
    parser.add_argument("--ports", default=ports)
    parser.add_argument("--timeout", type=float, default=timeout, help="seconds any one wait may take")
    parser.add_argument("--json", type=Path)


def finish(report: dict, json_path: Path | None) -> None:
    """Notes the load average at the end in `report`, prints it beside the start's, and writes the report as JSON
    when `json_path` is given."""
    report["loadavg_end"] = loadavg()
    print(f"load average at start {report['loadavg_start']}, at end {report['loadavg_end']}")
    if json_path:
        json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB, from /proc/<pid>/status (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used, from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port(ports: range = PORTS) -> int:
    for port in ports:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports.start}–{ports.stop - 1}")


# The environment README's run command gives the server: two malloc heaps shared by every thread. Streamlit runs each
# session's script on a thread of its own and glibc gives such threads heaps of their own (8 per core), which keep what
# they free: the 30-user load test at 100× peaked at 526–853 MB in four runs with those, 482 and 489 MB with two
# (bench/RESULTS.md, thirteenth round). It must be set before the process starts: glibc fixes the limit when the
# second heap is made, before any of the app's code runs.
SERVER_ENV = {"MALLOC_ARENA_MAX": "2"}


class Server:
    """`streamlit run SCRIPT` on 127.0.0.1:<port in PORTS>, with the project's .streamlit/config.toml, in the
    environment README's run command sets (SERVER_ENV; a value already in the environment wins)."""

    launcher = ("-m", "streamlit")  # what follows `python` (bench/server.py's HookedServer: bench/serve.py)

    def __init__(self, script: Path, data_dir: Path | None = None, ports: range = PORTS, env: dict | None = None):
        self.script, self.data_dir, self.ports, self.env = Path(script), data_dir, ports, env or {}
        self.process: subprocess.Popen | None = None
        self.started = self.healthy = float("nan")

    def start(self, timeout: float = 60) -> Server:
        port = free_port(self.ports)
        env = {**SERVER_ENV, **os.environ, "PYTHONUNBUFFERED": "1", **self.env}
        if self.data_dir is not None:
            env["PAIRED_DATA_DIR"] = str(self.data_dir)
        self.url = f"http://127.0.0.1:{port}"
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, *self.launcher, "run", str(self.script), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
        )
        deadline = self.started + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.process.returncode}")
            try:
                urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1)
                self.healthy = time.perf_counter()
                return self
            except OSError:
                time.sleep(0.02)
        self.stop()
        raise RuntimeError("streamlit did not answer /_stcore/health in time")

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def ready_js(page: Page) -> str:
    """A JS predicate: the app is idle and the page's last element is drawn."""
    return (
        "() => !!document.querySelector('[data-testid=stAppViewContainer]')"
        " && document.querySelectorAll('[data-testid=stStatusWidget]').length === 0"
        " && document.querySelectorAll('[data-testid=stSkeleton]').length === 0"
        f" && document.querySelectorAll({page.selector!r}).length >= {page.min_count}"
    )


def error_js() -> str:
    """A JS expression: what the page shows that counts as an error ('' if none)."""
    return (
        "() => { const parts = [];"
        " if (document.querySelector('[data-testid=stException]')) parts.push('exception');"
        " if (document.querySelector('[data-testid=stAlertContentError]')) parts.push('error alert');"
        " if (document.body.innerText.includes('Page not found')) parts.push('Page not found');"
        " return parts.join(', '); }"
    )


# Click a radio option (by the radio's label and the option's text) and time, in the page, the click →
# the first animation frame in which a plotly chart shows `expected` (first_chart_ms) → that and the
# app idle again, status widget gone (settled_ms).
CLICK_JS = """
async ([group, option, expected, timeoutMs]) => {
  const radios = [...document.querySelectorAll('[data-testid=stRadio]')];
  const radio = radios.find(r => (r.querySelector('[data-testid=stWidgetLabel]') || {}).innerText?.trim() === group);
  if (!radio) throw new Error('no radio ' + group);
  const label = [...radio.querySelectorAll('label')].find(l => l.innerText.trim() === option);
  if (!label) throw new Error('no option ' + option);
  const texts = () => [...document.querySelectorAll('.js-plotly-plot')].map(p => p.textContent || '');
  const before = texts();
  const idle = () => document.querySelectorAll('[data-testid=stStatusWidget]').length === 0;
  const t0 = performance.now();
  label.click();
  let first = null;
  return await new Promise((resolve, reject) => {
    const tick = () => {
      const now = performance.now();
      const changed = texts().some((text, i) => text !== before[i] && text.includes(expected));
      if (first === null && changed) first = now - t0;
      if (first !== null && changed && idle()) return resolve({first_chart_ms: first, settled_ms: now - t0});
      if (now - t0 > timeoutMs) return reject(new Error('no chart changed to ' + expected));
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}
"""


def write_bare(folder: Path, chart: bool = False) -> Path:
    """The bare one-line page (st.write) used as Streamlit's floor, with one small chart when `chart`; in a
    folder with no pages/."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ("bare_chart.py" if chart else "bare.py")
    path.write_text(BARE_CHART_SCRIPT if chart else BARE_SCRIPT, encoding="utf-8")
    return path


def chromium_available() -> bool:
    if not Path(CHROMIUM).exists():
        return False
    try:
        import playwright  # noqa: F401
    except ImportError:
        return False
    return True
