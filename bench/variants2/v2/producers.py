"""Running the PDF producers: Chromium, WeasyPrint, wkhtmltopdf, LibreOffice
(from .odt or .docx), ReportLab (in odf/docx/rl modules) and pdflatex."""

from __future__ import annotations

import contextlib
import http.server
import os
import shutil
import socketserver
import subprocess
import tempfile
import threading

# Producers embed the time they ran; a fixed epoch keeps what can be fixed.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1751328000")  # 2025-07-01


class ProducerError(RuntimeError):
    pass


def _run(cmd: list[str], timeout: int = 180, cwd: str | None = None, env=None) -> None:
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, errors="replace", timeout=timeout,
                           cwd=cwd, env=env)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise ProducerError(f"{cmd[0]}: {e}") from e
    if p.returncode != 0:
        raise ProducerError(f"{cmd[0]} exited {p.returncode}: {(p.stderr or p.stdout)[-800:]}")


def have(tool: str) -> bool:
    return shutil.which(tool) is not None


def chromium(html_path: str, pdf_path: str, browser_furniture: bool = False,
             url: str | None = None, lang: str = "sv-SE") -> None:
    """Print with Chromium. With browser_furniture the page gets Chromium's
    own header (date, title) and footer (URL, page x/y)."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"
    with tempfile.TemporaryDirectory(prefix="v2chrome") as profile:
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu",
               f"--user-data-dir={profile}", f"--lang={lang}",
               "--run-all-compositor-stages-before-draw",
               f"--print-to-pdf={pdf_path}"]
        if not browser_furniture:
            cmd.append("--no-pdf-header-footer")
        if url:
            with _serve(os.path.dirname(html_path), tls=url.startswith("https:")) as port:
                host = url.split("/")[2]
                cmd.append(f"--host-resolver-rules=MAP {host} 127.0.0.1:{port}")
                cmd.append("--ignore-certificate-errors")
                cmd.append(url)
                env = dict(os.environ, LANG=lang.replace("-", "_") + ".UTF-8")
                _run(cmd, env=env)
        else:
            cmd.append("file://" + os.path.abspath(html_path))
            _run(cmd)
    if not os.path.exists(pdf_path) or os.path.getsize(pdf_path) == 0:
        raise ProducerError(f"chromium wrote no PDF for {url or html_path}")


@contextlib.contextmanager
def _serve(directory: str, tls: bool = False):
    """A throwaway HTTP server for one Chromium run: a request path is
    answered with the file of the same basename, else index.html, so any URL
    path works."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=directory, **kw)

        def translate_path(self, path):
            base = os.path.basename(path.split("?")[0])
            cand = os.path.join(directory, base)
            return cand if base and os.path.isfile(cand) else os.path.join(directory, "index.html")

        def log_message(self, *a):
            pass

    with socketserver.TCPServer(("127.0.0.1", 0), Handler) as srv:
        if tls:
            # A throwaway self-signed certificate; Chromium is told to accept it.
            import ssl

            certdir = tempfile.mkdtemp(prefix="v2tls")
            key, crt = os.path.join(certdir, "k.pem"), os.path.join(certdir, "c.pem")
            _run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                  "-subj", "/CN=localhost", "-keyout", key, "-out", crt])
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(crt, key)
            srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
            shutil.rmtree(certdir, ignore_errors=True)
        t = threading.Thread(target=srv.serve_forever, daemon=True)
        t.start()
        try:
            yield srv.server_address[1]
        finally:
            srv.shutdown()


def weasyprint(html_path: str, pdf_path: str) -> None:
    from weasyprint import HTML  # imported late: slow to load

    try:
        HTML(filename=html_path).write_pdf(pdf_path)
    except Exception as e:  # noqa: BLE001 - any renderer failure is one plan's failure
        raise ProducerError(f"weasyprint: {e}") from e


def wkhtmltopdf(html_path: str, pdf_path: str, landscape: bool, margins_mm: tuple,
                header_left: str = "", header_right: str = "",
                footer_center: str = "", font_size: int = 8) -> None:
    t, r, b, l = margins_mm
    cmd = ["wkhtmltopdf", "--quiet", "--encoding", "utf-8", "-s", "A4",
           "-O", "Landscape" if landscape else "Portrait",
           "-T", f"{t}mm", "-R", f"{r}mm", "-B", f"{b}mm", "-L", f"{l}mm",
           "--enable-local-file-access"]
    if header_left:
        cmd += ["--header-left", header_left]
    if header_right:
        cmd += ["--header-right", header_right]
    if header_left or header_right:
        cmd += ["--header-font-size", str(font_size), "--header-spacing", "4"]
    if footer_center:
        cmd += ["--footer-center", footer_center, "--footer-font-size", str(font_size)]
    cmd += [html_path, pdf_path]
    _run(cmd)


def soffice(src_path: str, pdf_path: str) -> None:
    """LibreOffice headless conversion with a private profile so parallel
    users of the machine do not collide."""
    outdir = tempfile.mkdtemp(prefix="v2lo_out")
    profile = tempfile.mkdtemp(prefix="v2lo_prof")
    try:
        _run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
              "--norestore", "--convert-to", "pdf", "--outdir", outdir, src_path],
             timeout=240)
        produced = os.path.join(outdir, os.path.splitext(os.path.basename(src_path))[0] + ".pdf")
        if not os.path.exists(produced):
            raise ProducerError(f"soffice wrote no PDF for {src_path}")
        shutil.move(produced, pdf_path)
    finally:
        shutil.rmtree(outdir, ignore_errors=True)
        shutil.rmtree(profile, ignore_errors=True)


def pdflatex(tex_path: str, pdf_path: str) -> None:
    d = os.path.dirname(os.path.abspath(tex_path))
    name = os.path.basename(tex_path)
    for _ in range(3):  # longtable needs its widths settled
        _run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", name], cwd=d,
             timeout=180)
    shutil.copy(os.path.join(d, name[:-4] + ".pdf"), pdf_path)
