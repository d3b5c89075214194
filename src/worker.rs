//! Process isolation: documents run in long-lived child processes of the
//! same executable (`iub __worker`), so what Rust cannot contain in-process
//! (a stack overflow, an abort, an allocation failure, a loop that never
//! ends) kills one worker, not the batch. The document the worker held
//! becomes an error record; a fresh worker takes the next document.
//!
//! Protocol over the worker's stdin and stdout: frames of an 8-byte
//! little-endian length and that many bytes. A request is two frames (a JSON
//! [`Job`], then the input's bytes), a reply too (a JSON [`Reply`], then
//! the plan's JSON, empty on error). The worker answers requests one at a
//! time until its stdin ends.
//!
//! Ctrl-C is the parent's to handle: workers ignore SIGINT and SIGTERM (a
//! terminal sends them to the whole process group), and the parent kills
//! the ones still running when it stops.

use crate::classify::manifest::ManifestEntry;
use crate::error::{DocError, Stage};
use crate::limits::Limits;
use crate::ocr::OcrOptions;
use crate::output::Plan;
use serde::{Deserialize, Serialize};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Address-space limit of a worker unless told otherwise: far above a real
/// plan (tens of MiB), with room for the 64 MiB document stack and the
/// allocator's per-thread arenas, which count as address space too.
pub const DEFAULT_MEMORY_MIB: u64 = 2048;

/// Stack for the thread that runs documents (in a worker or, in thread
/// mode, per document): deep but finite nesting in third-party parsers fits.
pub const DOCUMENT_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Largest frame either side accepts; a length above it is a garbled stream,
/// not a reason to allocate.
const MAX_FRAME: u64 = 4 << 30;

/// How to start a worker: the executable (the `iub` binary itself; tests
/// pass `CARGO_BIN_EXE_iub`) and the memory limit it sets on itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerCommand {
    pub program: PathBuf,
    /// Address-space limit of each worker in MiB; 0 for none.
    pub max_memory_mib: u64,
}

/// A finished document: the text of its `<stem>.json` and the counts the
/// batch reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    pub json: String,
    pub pages: usize,
    pub interventions: usize,
}

/// One document to run, and what the batch adds to its record. Sent to a
/// worker as the request header; run the same way in thread mode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Job {
    /// How errors name the document (its path as given).
    pub name: String,
    pub path: PathBuf,
    /// The output stem (`<stem>.json`, ids `<stem>-NNN`), distinct in a batch.
    pub stem: String,
    pub limits: Limits,
    pub manifest: Option<ManifestEntry>,
    /// Which pages are read by OCR (`--ocr`).
    #[serde(default)]
    pub ocr: OcrOptions,
    /// Digest of the options that shape the record (`produced_by`), which
    /// `--resume` compares.
    pub options_sha256: Option<String>,
}

impl Job {
    /// Runs the pipeline on the document's bytes and finishes its record.
    pub fn run(
        &self,
        bytes: &[u8],
        backend: &dyn crate::pdf::PdfBackend,
    ) -> Result<Extracted, DocError> {
        crate::pipeline::extract_as(
            &self.name,
            &self.path,
            &self.stem,
            bytes,
            backend,
            &self.limits,
            &self.ocr,
        )
        .map(|plan| self.finish(plan))
    }

    /// The record of a plan, manifest applied and provenance stamped: the
    /// same bytes whichever side of a pipe it is made on.
    pub fn finish(&self, mut plan: Plan) -> Extracted {
        if let Some(entry) = &self.manifest {
            crate::classify::manifest::apply(&mut plan, entry);
        }
        plan.document.produced_by.options_sha256 = self.options_sha256.clone();
        Extracted {
            json: crate::output::to_json(&plan),
            pages: plan.document.pages,
            interventions: plan.interventions.len(),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
enum Reply {
    Extracted { pages: usize, interventions: usize },
    Failed(DocError),
}

fn write_frame(w: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    w.write_all(&(bytes.len() as u64).to_le_bytes())?;
    w.write_all(bytes)
}

/// One frame, or `None` when the stream ends cleanly between frames.
fn read_frame(r: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 8];
    let mut got = 0;
    while got < len.len() {
        match r.read(&mut len[got..]) {
            Ok(0) if got == 0 => return Ok(None),
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let len = u64::from_le_bytes(len);
    if len > MAX_FRAME {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a frame of {len} bytes"),
        ));
    }
    // Grows with the data that actually arrives, whatever the length says.
    let mut buf = Vec::new();
    r.take(len).read_to_end(&mut buf)?;
    if buf.len() as u64 != len {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    Ok(Some(buf))
}

fn invalid(e: impl std::fmt::Display) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, e.to_string())
}

// ---------------------------------------------------------------- worker side

/// The `iub __worker` process: limits itself, then answers requests on
/// stdin until it ends. Returns the exit status.
pub fn serve(max_memory_mib: u64) -> u8 {
    if let Err(e) = limit_self(max_memory_mib) {
        eprintln!("iub worker: cannot set its memory limit: {e}");
        return 2;
    }
    let output = match protocol_stdout() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("iub worker: cannot set up its output: {e}");
            return 2;
        }
    };
    watch_parent();
    ignore_interrupts();
    // Loaded before the first request, so it is not on a document's clock.
    let _ = crate::pipeline::lexicon();
    let spawned = std::thread::Builder::new()
        .name("iub-document".into())
        .stack_size(DOCUMENT_STACK_BYTES)
        .spawn(move || answer(BufReader::new(io::stdin().lock()), BufWriter::new(output)));
    match spawned.map(JoinHandle::join) {
        Ok(Ok(Ok(()))) => 0,
        Ok(Ok(Err(e))) => {
            eprintln!("iub worker: {e}");
            1
        }
        Ok(Err(_)) => 1, // a panic outside the pipeline's containment
        Err(e) => {
            eprintln!("iub worker: cannot start the document thread: {e}");
            2
        }
    }
}

fn answer(mut input: impl Read, mut output: impl Write) -> io::Result<()> {
    let backend = crate::pdf::default_backend();
    while let Some(header) = read_frame(&mut input)? {
        let job: Job = serde_json::from_slice(&header).map_err(invalid)?;
        let bytes = read_frame(&mut input)?.ok_or(io::ErrorKind::UnexpectedEof)?;
        let result = job.run(&bytes, backend);
        drop(bytes);
        let (reply, json) = match result {
            Ok(e) => {
                let reply = Reply::Extracted {
                    pages: e.pages,
                    interventions: e.interventions,
                };
                (reply, e.json)
            }
            Err(e) => (Reply::Failed(e), String::new()),
        };
        write_frame(&mut output, &serde_json::to_vec(&reply).map_err(invalid)?)?;
        write_frame(&mut output, json.as_bytes())?;
        output.flush()?;
    }
    Ok(())
}

/// Caps the worker's address space, so an allocation past it fails (and
/// aborts this worker only) instead of growing until the machine swaps or
/// the kernel kills something. No core dumps: a crash is reported, not kept.
#[cfg(unix)]
fn limit_self(max_memory_mib: u64) -> io::Result<()> {
    let set = |resource, bytes: u64| {
        let limit = libc::rlimit {
            rlim_cur: bytes as libc::rlim_t,
            rlim_max: bytes as libc::rlim_t,
        };
        // SAFETY: setrlimit reads the struct it is given and nothing else.
        if unsafe { libc::setrlimit(resource, &limit) } != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    };
    set(libc::RLIMIT_CORE, 0)?;
    if max_memory_mib > 0 {
        set(libc::RLIMIT_AS, max_memory_mib.saturating_mul(1 << 20))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn limit_self(_max_memory_mib: u64) -> io::Result<()> {
    Ok(())
}

/// The replies go to a copy of stdout; stdout itself then points at stderr,
/// so a library that prints cannot corrupt the protocol.
#[cfg(unix)]
fn protocol_stdout() -> io::Result<std::fs::File> {
    use std::os::fd::AsFd;
    let copy = io::stdout().as_fd().try_clone_to_owned()?;
    // SAFETY: dup2 on two descriptors this process owns; fd 1 stays open.
    if unsafe { libc::dup2(libc::STDERR_FILENO, libc::STDOUT_FILENO) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(std::fs::File::from(copy))
}

#[cfg(not(unix))]
fn protocol_stdout() -> io::Result<std::fs::File> {
    Err(io::Error::other("worker processes need a Unix system"))
}

/// SIGINT and SIGTERM reach workers too when a terminal or a service
/// manager signals the process group; the parent decides what stops and
/// kills the workers it no longer needs, so here they only set a flag no
/// one reads. (signal-hook's handler, so no hand-written `sigaction`.)
fn ignore_interrupts() {
    let ignored = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        let _ = signal_hook::flag::register(signal, std::sync::Arc::clone(&ignored));
    }
}

/// A worker whose parent is gone (killed, say) would finish a runaway
/// document for no one: it exits as soon as it notices. Idle workers also
/// end on their own when stdin closes.
fn watch_parent() {
    #[cfg(unix)]
    {
        let parent = std::os::unix::process::parent_id();
        let _ = std::thread::Builder::new()
            .name("iub-watch-parent".into())
            .stack_size(64 * 1024)
            .spawn(move || loop {
                std::thread::sleep(Duration::from_millis(250));
                if std::os::unix::process::parent_id() != parent {
                    std::process::exit(3);
                }
            });
    }
}

// ---------------------------------------------------------------- parent side

/// Workers for one batch: started on demand (so never more than the batch
/// runs documents at once), reused across documents, replaced when one
/// dies, all killed and reaped when the pool is dropped.
pub struct Pool {
    command: WorkerCommand,
    idle: Mutex<Vec<Worker>>,
    /// Set on Ctrl-C: a document waiting for its worker gives up at once.
    interrupt: Option<Arc<AtomicBool>>,
}

impl Pool {
    pub fn new(command: WorkerCommand) -> Self {
        Pool::interruptible(command, None)
    }

    /// A pool whose waits end when `interrupt` is set (the worker is then
    /// killed and the document reported as [`INTERRUPTED`]).
    pub fn interruptible(command: WorkerCommand, interrupt: Option<Arc<AtomicBool>>) -> Self {
        Pool {
            command,
            idle: Mutex::new(Vec::new()),
            interrupt,
        }
    }

    /// Runs one document in a worker. Whatever happens to the worker, the
    /// answer is a result for this document.
    pub fn extract(&self, job: &Job, bytes: &[u8]) -> Result<Extracted, DocError> {
        let (name, limits) = (job.name.as_str(), &job.limits);
        let timeout = Duration::from_secs(limits.max_seconds);
        // An idle worker may have died meanwhile (killed from outside): the
        // document then never reached it, and a fresh worker gets it.
        let mut fresh = false;
        loop {
            let idle = self.idle.lock().ok().and_then(|mut idle| idle.pop());
            let mut worker = match idle {
                Some(w) => w,
                None => {
                    fresh = true;
                    Worker::start(&self.command).map_err(|e| {
                        DocError::new(
                            name,
                            Stage::Worker,
                            format!(
                                "cannot start a worker process ({}): {e}",
                                self.command.program.display()
                            ),
                        )
                    })?
                }
            };
            return match worker.run(job, bytes, timeout, self.interrupt.as_deref()) {
                Ok(result) => {
                    if let Ok(mut idle) = self.idle.lock() {
                        idle.push(worker);
                    }
                    result
                }
                Err(Failure::NotDelivered) if !fresh => continue,
                Err(failure) => {
                    let (stage, reason) = worker.end(failure, limits, self.command.max_memory_mib);
                    Err(DocError::new(name, stage, reason))
                }
            };
        }
    }
}

/// Why a worker gave no result.
enum Failure {
    /// The request could not be written: the worker was gone before it.
    NotDelivered,
    /// It died (or closed its pipes), on its own or by a signal.
    Died,
    /// Its reply did not parse.
    Garbled(String),
    /// No reply within `--max-seconds`.
    TimedOut,
    /// The batch was interrupted (Ctrl-C) while the worker ran.
    Interrupted,
}

/// The reason of a document abandoned because the batch was interrupted.
pub const INTERRUPTED: &str = "interrupted before it finished";

/// How often a wait for a reply looks at the interrupt flag.
const INTERRUPT_POLL: Duration = Duration::from_millis(50);

type Answer = io::Result<(Reply, Vec<u8>)>;

struct Worker {
    child: Child,
    stdin: Option<BufWriter<ChildStdin>>,
    replies: Receiver<Answer>,
    /// The end of what the worker wrote to stderr: how it died.
    stderr_tail: Arc<Mutex<Vec<u8>>>,
    threads: Vec<JoinHandle<()>>,
}

/// mimalloc reserves address space 1 GiB at a time, before `main` runs, so
/// with the default a worker's address-space limit would be half spent on
/// one reservation, and a limit of 1 GiB could not even start the document
/// thread. Smaller steps keep the limit a limit on what documents use. Read
/// by mimalloc from the environment when the worker starts.
const ARENA_RESERVE_VAR: &str = "MIMALLOC_ARENA_RESERVE";
const ARENA_RESERVE: &str = "64MiB";

/// How much of a worker's stderr is kept for the error record.
const STDERR_TAIL: usize = 16 * 1024;

impl Worker {
    fn start(command: &WorkerCommand) -> io::Result<Worker> {
        let mut child = Command::new(&command.program)
            .arg("__worker")
            .arg("--max-memory-mib")
            .arg(command.max_memory_mib.to_string())
            .env(ARENA_RESERVE_VAR, ARENA_RESERVE)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let (stdin, stdout, stderr) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take());
        let (tx, replies) = mpsc::channel();
        // From here on, Drop kills and reaps the child whatever fails.
        let mut worker = Worker {
            child,
            stdin: stdin.map(BufWriter::new),
            replies,
            stderr_tail: Arc::new(Mutex::new(Vec::new())),
            threads: Vec::new(),
        };
        let (Some(stdout), Some(mut stderr)) = (stdout, stderr) else {
            return Err(io::Error::other("the worker's pipes were not set up"));
        };
        // Reads replies on its own thread, so the batch can wait with a timeout.
        worker.threads.push(
            std::thread::Builder::new()
                .name("iub-worker-replies".into())
                .spawn(move || {
                    let mut stdout = BufReader::new(stdout);
                    loop {
                        let answer = read_reply(&mut stdout);
                        let end = answer.is_err();
                        if tx.send(answer).is_err() || end {
                            break;
                        }
                    }
                })?,
        );
        let tail = Arc::clone(&worker.stderr_tail);
        worker.threads.push(
            std::thread::Builder::new()
                .name("iub-worker-stderr".into())
                .spawn(move || {
                    let mut chunk = [0u8; 4096];
                    while let Ok(n @ 1..) = stderr.read(&mut chunk) {
                        if let Ok(mut tail) = tail.lock() {
                            tail.extend_from_slice(&chunk[..n]);
                            let excess = tail.len().saturating_sub(STDERR_TAIL);
                            tail.drain(..excess);
                        }
                    }
                })?,
        );
        Ok(worker)
    }

    fn run(
        &mut self,
        job: &Job,
        bytes: &[u8],
        timeout: Duration,
        interrupt: Option<&AtomicBool>,
    ) -> Result<Result<Extracted, DocError>, Failure> {
        let header = serde_json::to_vec(job).map_err(|e| Failure::Garbled(e.to_string()))?;
        let stdin = self.stdin.as_mut().ok_or(Failure::NotDelivered)?;
        write_frame(stdin, &header)
            .and_then(|()| write_frame(stdin, bytes))
            .and_then(|()| stdin.flush())
            .map_err(|_| Failure::NotDelivered)?;
        match wait_for_reply(&self.replies, timeout, interrupt) {
            Ok(Ok((
                Reply::Extracted {
                    pages,
                    interventions,
                },
                json,
            ))) => {
                let json = String::from_utf8(json)
                    .map_err(|_| Failure::Garbled("the plan is not UTF-8".into()))?;
                Ok(Ok(Extracted {
                    json,
                    pages,
                    interventions,
                }))
            }
            Ok(Ok((Reply::Failed(e), _))) => Ok(Err(e)),
            Ok(Err(e)) if e.kind() == io::ErrorKind::InvalidData => {
                Err(Failure::Garbled(e.to_string()))
            }
            Ok(Err(_)) | Err(Wait::Disconnected) => Err(Failure::Died),
            Err(Wait::TimedOut) => Err(Failure::TimedOut),
            Err(Wait::Interrupted) => Err(Failure::Interrupted),
        }
    }

    /// Ends a worker that failed and says why, for the document's error record.
    fn end(mut self, failure: Failure, limits: &Limits, max_memory_mib: u64) -> (Stage, String) {
        match failure {
            Failure::TimedOut => {
                drop(self);
                (
                    Stage::Limits,
                    format!(
                        "abandoned after {} s (--max-seconds), worker killed",
                        limits.max_seconds
                    ),
                )
            }
            Failure::Interrupted => {
                drop(self);
                (Stage::Limits, INTERRUPTED.to_string())
            }
            Failure::Garbled(e) => {
                drop(self);
                (
                    Stage::Worker,
                    format!("worker process sent a garbled reply ({e}), worker killed"),
                )
            }
            Failure::Died | Failure::NotDelivered => {
                // It is exiting or gone: let it finish, so its own status
                // (not our kill) is what gets reported.
                let status = self.reap(Duration::from_secs(2));
                self.stdin.take();
                for t in self.threads.drain(..) {
                    let _ = t.join();
                }
                let stderr = self
                    .stderr_tail
                    .lock()
                    .map(|t| String::from_utf8_lossy(&t).into_owned())
                    .unwrap_or_default();
                describe_death(status, &stderr, max_memory_mib)
            }
        }
    }

    /// Waits up to `grace` for the worker to exit, then kills it.
    fn reap(&mut self, grace: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + grace;
        while Instant::now() < deadline {
            match self.child.try_wait() {
                Ok(Some(status)) => return Some(status),
                Ok(None) => std::thread::sleep(Duration::from_millis(5)),
                Err(_) => break,
            }
        }
        let _ = self.child.kill();
        self.child.wait().ok()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.stdin.take();
        let _ = self.child.kill();
        let _ = self.child.wait();
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

/// Why [`wait_for_reply`] returned without a reply.
pub(crate) enum Wait {
    TimedOut,
    Disconnected,
    Interrupted,
}

/// `recv_timeout` that also ends, within [`INTERRUPT_POLL`], once
/// `interrupt` is set.
pub(crate) fn wait_for_reply<T>(
    replies: &Receiver<T>,
    timeout: Duration,
    interrupt: Option<&AtomicBool>,
) -> Result<T, Wait> {
    let deadline = Instant::now() + timeout;
    loop {
        if interrupt.is_some_and(|i| i.load(Ordering::Relaxed)) {
            return Err(Wait::Interrupted);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Wait::TimedOut);
        }
        match replies.recv_timeout(left.min(INTERRUPT_POLL)) {
            Ok(reply) => return Ok(reply),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Err(Wait::Disconnected),
        }
    }
}

fn read_reply(r: &mut impl Read) -> Answer {
    let header = read_frame(r)?.ok_or(io::ErrorKind::UnexpectedEof)?;
    let reply: Reply = serde_json::from_slice(&header).map_err(invalid)?;
    let json = read_frame(r)?.ok_or(io::ErrorKind::UnexpectedEof)?;
    Ok((reply, json))
}

/// The reason of a worker that died, from its exit status and the end of
/// its stderr (where Rust says "memory allocation of N bytes failed" or
/// "has overflowed its stack" before aborting).
fn describe_death(
    status: Option<ExitStatus>,
    stderr: &str,
    max_memory_mib: u64,
) -> (Stage, String) {
    let how = match status {
        Some(s) => match (s.code(), signal_of(s)) {
            (Some(code), _) => format!("status {code}"),
            (None, Some(signal)) => format!("signal {signal}{}", signal_name(signal)),
            (None, None) => s.to_string(),
        },
        None => "status unknown".to_string(),
    };
    if stderr.contains("memory allocation of") && stderr.contains("failed") {
        return (
            Stage::Limits,
            format!(
                "exceeded the memory limit of {max_memory_mib} MiB (--max-worker-memory); worker process aborted ({how})"
            ),
        );
    }
    if stderr.contains("has overflowed its stack") {
        return (
            Stage::Worker,
            format!("worker process crashed: stack overflow ({how})"),
        );
    }
    let last = stderr
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(|l| format!(": {}", l.chars().take(300).collect::<String>()))
        .unwrap_or_default();
    let reason = match status.and_then(|s| s.code()) {
        Some(_) => format!("worker process exited without a result ({how}){last}"),
        None if status.and_then(signal_of) == Some(9) => format!(
            "worker process was killed ({how}; by the system's out-of-memory killer?){last}"
        ),
        None => format!("worker process crashed ({how}){last}"),
    };
    (Stage::Worker, reason)
}

#[cfg(unix)]
fn signal_of(status: ExitStatus) -> Option<i32> {
    std::os::unix::process::ExitStatusExt::signal(&status)
}

#[cfg(not(unix))]
fn signal_of(_status: ExitStatus) -> Option<i32> {
    None
}

fn signal_name(signal: i32) -> &'static str {
    match signal {
        4 => ", SIGILL",
        6 => ", SIGABRT",
        7 => ", SIGBUS",
        8 => ", SIGFPE",
        9 => ", SIGKILL",
        11 => ", SIGSEGV",
        15 => ", SIGTERM",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_a_clean_end_is_none() {
        let mut buf = Vec::new();
        write_frame(&mut buf, b"abc").unwrap();
        write_frame(&mut buf, b"").unwrap();
        let mut r = buf.as_slice();
        assert_eq!(read_frame(&mut r).unwrap(), Some(b"abc".to_vec()));
        assert_eq!(read_frame(&mut r).unwrap(), Some(Vec::new()));
        assert_eq!(read_frame(&mut r).unwrap(), None);
    }

    #[test]
    fn garbled_frames_are_errors_not_allocations() {
        let huge = u64::MAX.to_le_bytes();
        let e = read_frame(&mut huge.as_slice()).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        let mut short = 10u64.to_le_bytes().to_vec();
        short.extend_from_slice(b"abc");
        let e = read_frame(&mut short.as_slice()).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof);
        let e = read_frame(&mut [1u8, 2].as_slice()).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof);
        let mut bad_json = Vec::new();
        write_frame(&mut bad_json, b"{not json").unwrap();
        write_frame(&mut bad_json, b"").unwrap();
        let e = read_reply(&mut bad_json.as_slice()).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
    }

    #[test]
    fn deaths_are_described_by_their_cause() {
        let (stage, reason) =
            describe_death(None, "memory allocation of 1073741824 bytes failed\n", 512);
        assert_eq!(stage, Stage::Limits);
        assert!(
            reason.starts_with("exceeded the memory limit of 512 MiB"),
            "{reason}"
        );
        let (stage, reason) = describe_death(
            None,
            "\nthread 'iub-document' has overflowed its stack\nfatal runtime error: stack overflow\n",
            512,
        );
        assert_eq!(stage, Stage::Worker);
        assert!(reason.contains("stack overflow"), "{reason}");
    }
}
