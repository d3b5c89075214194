//! Runs an external program (Tesseract, pdftoppm) on bytes piped to its
//! stdin and collects its stdout, under a deadline: past it the child is
//! killed, so a document over `--max-seconds` leaves no OCR running. On
//! Linux the child is also killed when the thread that started it dies (a
//! worker killed by its parent takes its Tesseract with it). The child
//! inherits the worker's address-space limit (`--max-worker-memory`).

use std::io::{self, Read, Write};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// How often a running child is checked for exit or deadline.
const POLL: Duration = Duration::from_millis(5);
/// How much of a child's stderr is kept to explain a failure.
const STDERR_TAIL: usize = 2048;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunError {
    /// The program is not installed (not on PATH).
    NotFound,
    /// Killed at the deadline.
    TimedOut,
    /// It could not be started, failed, or wrote more than allowed.
    Failed(String),
}

/// Runs `program args…` with `input` on stdin; its stdout, or why not.
/// At most `max_output` bytes are accepted.
pub fn run(
    program: &str,
    args: &[&str],
    input: &[u8],
    deadline: Instant,
    max_output: usize,
) -> Result<Vec<u8>, RunError> {
    let mut command = Command::new(program);
    command
        .args(args)
        // One core per OCR, whatever OpenMP would take: documents already
        // run one per core, and a single thread gives the same words every run.
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    die_with_parent(&mut command);
    let mut child = command.spawn().map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => RunError::NotFound,
        _ => RunError::Failed(format!("cannot start {program}: {e}")),
    })?;
    let (stdin, stdout, stderr) = (child.stdin.take(), child.stdout.take(), child.stderr.take());
    std::thread::scope(|scope| {
        // A child that exits early (or is killed) breaks the pipe: the
        // write fails and the thread ends.
        scope.spawn(move || {
            if let Some(mut stdin) = stdin {
                let _ = stdin.write_all(input);
            }
        });
        let output = scope.spawn(move || read_capped(stdout, max_output));
        let errors = scope.spawn(move || read_capped(stderr, usize::MAX));
        let status = wait_until(&mut child, deadline);
        let (output, overflow) = output.join().unwrap_or_default();
        let (errors, _) = errors.join().unwrap_or_default();
        let status = status?;
        if overflow {
            return Err(RunError::Failed(format!(
                "{program} wrote more than {max_output} bytes"
            )));
        }
        if !status.success() {
            return Err(RunError::Failed(format!(
                "{program} failed ({}){}",
                describe(status),
                last_line(&errors)
                    .map(|l| format!(": {l}"))
                    .unwrap_or_default()
            )));
        }
        Ok(output)
    })
}

/// Waits for the child, killing it at the deadline.
fn wait_until(child: &mut std::process::Child, deadline: Instant) -> Result<ExitStatus, RunError> {
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(RunError::TimedOut);
            }
            Ok(None) => std::thread::sleep(POLL),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(RunError::Failed(format!("cannot wait for the child: {e}")));
            }
        }
    }
}

/// Everything from `pipe`, keeping the first `cap` bytes (or, for stderr,
/// the last [`STDERR_TAIL`]); whether more came.
fn read_capped(pipe: Option<impl Read>, cap: usize) -> (Vec<u8>, bool) {
    let Some(mut pipe) = pipe else {
        return (Vec::new(), false);
    };
    let mut kept = Vec::new();
    let mut overflow = false;
    let mut chunk = [0u8; 64 * 1024];
    loop {
        match pipe.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => {
                if cap == usize::MAX {
                    kept.extend_from_slice(&chunk[..n]);
                    let excess = kept.len().saturating_sub(STDERR_TAIL);
                    kept.drain(..excess);
                } else if kept.len() + n <= cap {
                    kept.extend_from_slice(&chunk[..n]);
                } else {
                    overflow = true; // keep draining, so the child is not blocked
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    (kept, overflow)
}

fn last_line(bytes: &[u8]) -> Option<String> {
    String::from_utf8_lossy(bytes)
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(|l| l.chars().take(300).collect())
}

fn describe(status: ExitStatus) -> String {
    #[cfg(unix)]
    if let Some(signal) = std::os::unix::process::ExitStatusExt::signal(&status) {
        let hint = match signal {
            6 | 9 | 11 => ": out of memory under --max-worker-memory?",
            _ => "",
        };
        return format!("signal {signal}{hint}");
    }
    status.to_string()
}

#[cfg(target_os = "linux")]
fn die_with_parent(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: runs in the forked child before exec and calls only prctl,
    // which is async-signal-safe; it touches no memory of the parent.
    unsafe {
        command.pre_exec(|| {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                return Err(io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn die_with_parent(_command: &mut Command) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_comes_back_and_a_missing_program_is_not_found() {
        let far = Instant::now() + Duration::from_secs(30);
        assert_eq!(run("cat", &[], b"abc", far, 10), Ok(b"abc".to_vec()));
        assert_eq!(
            run("iub-no-such-program", &[], b"", far, 10),
            Err(RunError::NotFound)
        );
        assert!(matches!(
            run("cat", &[], b"more than ten bytes", far, 10),
            Err(RunError::Failed(m)) if m.contains("more than 10 bytes")
        ));
    }

    #[test]
    fn a_child_past_the_deadline_is_killed() {
        let started = Instant::now();
        let deadline = started + Duration::from_millis(200);
        assert_eq!(
            run("sleep", &["30"], b"", deadline, 10),
            Err(RunError::TimedOut)
        );
        assert!(started.elapsed() < Duration::from_secs(10));
    }
}
