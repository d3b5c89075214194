//! The `iub` command line. Exit status: see [`EXIT_STATUS`].

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use iub::geom::round2;
use iub::layout::Document;
use iub::limits::Limits;
use iub::ocr::{OcrMode, OcrOptions};
use iub::pdf::default_backend;
use iub::pipeline::lay_out_file_with;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// Some inputs failed; each is named on stderr and in OUT/errors.jsonl.
const EXIT_SOME_FAILED: u8 = 1;
/// A usage error: clap's own, and `--jobs` out of range.
const EXIT_USAGE: u8 = 2;
/// The setup is wrong, not a document: `--out`, `--manifest`, `--words`.
const EXIT_SETUP: u8 = 3;
/// Stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it).
const EXIT_INTERRUPTED: u8 = 130;

/// Shown by `--help` and in the man page; README.md says the same.
const EXIT_STATUS: &str = "\
Exit status:
  0    every input processed
  1    some inputs failed (each named on stderr and in OUT/errors.jsonl)
  2    usage error (a bad option; --jobs above its bound)
  3    setup error: --out is a file, cannot be written, or holds files no iub
       summary lists (without --force); --manifest or --words cannot be read
       or has a bad row
  130  interrupted (Ctrl-C, SIGTERM): what finished is written; --resume goes on";

/// Documents at once per core, at most: documents are CPU-bound, so more
/// jobs only add memory (a worker process each) and contention.
const MAX_JOBS_PER_CORE: usize = 4;

#[derive(Parser)]
#[command(
    name = "iub",
    version,
    about = "Swedish IUB plans (SoL 11 kap. 5 §) → structured data",
    after_help = EXIT_STATUS
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract interventions: writes OUT/<input stem>.json per document and
    /// OUT/errors.jsonl. With no INPUT, runs on the plans bundled in the binary.
    #[command(after_help = EXIT_STATUS)]
    Extract {
        /// PDF or .txt files, or directories (searched for .pdf and .txt);
        /// `-` reads one document from stdin.
        inputs: Vec<PathBuf>,
        /// Output stem of the document read from stdin (`-`).
        #[arg(long, value_name = "STEM", default_value = STDIN_STEM)]
        name: String,
        /// Output directory.
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// CSV of path,kommunkod[,date] that overrides detected issuer codes and dates.
        #[arg(long)]
        manifest: Option<PathBuf>,
        /// Skip inputs whose OUT/<stem>.json was made from the same bytes by
        /// this iub version with the same options (manifest row, limits).
        #[arg(long)]
        resume: bool,
        /// Write into an output folder that holds files no iub summary.json
        /// lists (iub still deletes nothing it did not write).
        #[arg(long)]
        force: bool,
        /// interventions.csv with ';' separators and a UTF-8 BOM (Swedish Excel).
        #[arg(long)]
        csv_excel: bool,
        /// No progress bar.
        #[arg(long, short)]
        quiet: bool,
        /// Where documents run: `process` (worker processes: a crash, a
        /// runaway loop or runaway memory costs one document) or `thread`
        /// (in this process; for debugging).
        #[arg(long, value_enum, default_value_t = IsolationArg::Process)]
        isolation: IsolationArg,
        /// Memory (address space) of each worker process in MiB; a document
        /// that needs more is reported. 0: no limit.
        #[arg(long, default_value_t = iub::worker::DEFAULT_MEMORY_MIB)]
        max_worker_memory: u64,
        /// Documents processed at once (one worker process each); 0: one
        /// per core, or RAYON_NUM_THREADS. Never more than the inputs;
        /// refused above 4 per core.
        #[arg(long, short, default_value_t = 0)]
        jobs: usize,
        /// Which pages Tesseract reads: `auto` (pages without a text layer
        /// that images cover), `always` (every page), `never`.
        #[arg(long, value_enum, default_value_t = OcrMode::Auto)]
        ocr: OcrMode,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Score outputs against gold annotations (segmentation P/R/F1, per-field accuracy).
    Eval {
        /// Directory of gold files (<stem>.json).
        gold: PathBuf,
        /// Directory of `iub extract` outputs.
        out: PathBuf,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Compare a finished batch across municipalities: writes
    /// OUT/comparison.csv and OUT/comparison.html.
    Compare {
        /// Directory of `iub extract` outputs.
        out: PathBuf,
    },
    /// Restore lost Swedish diacritics (OCR'd or stripped text): stdin → stdout.
    /// UTF-8, or Latin-1/Windows-1252 (decoded, with a warning).
    Restore {
        /// Extra words (one per line, optionally a tab and a Zipf frequency).
        #[arg(long)]
        words: Option<PathBuf>,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff) of iub, or write one per command into DIR.
    Man {
        /// Write iub.1, iub-extract.1, … into this folder instead.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Draw what the pipeline saw: OUT/<stem>.html per document, one SVG per
    /// page with switchable layers (words, rulings, fills, furniture,
    /// regions, columns, rows, records); click a record for its JSON.
    Inspect {
        /// PDF or .txt files, or directories (searched for .pdf and .txt).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output directory.
        #[arg(long)]
        out: PathBuf,
        /// Only these pages: 2-4, 3, 1,5-7.
        #[arg(long)]
        pages: Option<iub::inspect::PageSet>,
        /// Put each page's image under the overlay (rendered by poppler's
        /// pdftoppm; without it the page is drawn without the image).
        #[arg(long)]
        page_image: bool,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Print each page's normalised lines with page number and coordinates.
    Text {
        /// PDF or .txt files; `-` reads one from stdin.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Name shown for the document read from stdin (`-`).
        #[arg(long, value_name = "STEM", default_value = STDIN_STEM)]
        name: String,
        /// One JSON document per input (pages, lines, segments, words, furniture).
        #[arg(long)]
        json: bool,
        /// Which pages Tesseract reads (as for `extract`).
        #[arg(long, value_enum, default_value_t = OcrMode::Auto)]
        ocr: OcrMode,
        #[command(flatten)]
        limits: LimitArgs,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum IsolationArg {
    Process,
    Thread,
}

#[derive(Args, Clone)]
struct LimitArgs {
    /// Largest input file accepted, in bytes.
    #[arg(long, default_value_t = Limits::default().max_input_bytes)]
    max_input_bytes: u64,
    /// Most pages accepted per document.
    #[arg(long, default_value_t = Limits::default().max_pages)]
    max_pages: usize,
    /// Most glyphs accepted per page.
    #[arg(long, default_value_t = Limits::default().max_glyphs_per_page)]
    max_glyphs_per_page: usize,
    /// Most bytes one stream may inflate to (decompression bombs).
    #[arg(long, default_value_t = Limits::default().max_stream_bytes)]
    max_stream_bytes: u64,
    /// Most bytes all streams of a document may inflate to.
    #[arg(long, default_value_t = Limits::default().max_document_bytes)]
    max_document_bytes: u64,
    /// Deepest nesting of Form XObjects.
    #[arg(long, default_value_t = Limits::default().max_nesting)]
    max_nesting: usize,
    /// Most content-stream operators run for one page, forms included (form-reuse bombs).
    #[arg(long, default_value_t = Limits::default().max_operations_per_page)]
    max_operations_per_page: usize,
    /// Wall time per document in seconds; a slower document is abandoned and reported.
    #[arg(long, default_value_t = Limits::default().max_seconds)]
    max_seconds: u64,
    /// Password for encrypted PDFs (user or owner), tried after the empty one.
    #[arg(long)]
    password: Option<String>,
}

impl From<&LimitArgs> for Limits {
    fn from(a: &LimitArgs) -> Self {
        Limits {
            max_input_bytes: a.max_input_bytes,
            max_pages: a.max_pages,
            max_glyphs_per_page: a.max_glyphs_per_page,
            max_stream_bytes: a.max_stream_bytes,
            max_document_bytes: a.max_document_bytes,
            max_nesting: a.max_nesting,
            max_operations_per_page: a.max_operations_per_page,
            max_seconds: a.max_seconds,
            password: a.password.clone().map(iub::limits::Password),
        }
    }
}

/// `iub __worker --max-memory-mib N`: a worker process of `iub extract`
/// (see `iub::worker`). Not a clap subcommand, so completions, `--help` and
/// the man page never offer it.
const WORKER_COMMAND: &str = "__worker";

fn main() -> ExitCode {
    iub::tune_allocator();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == WORKER_COMMAND) {
        return match args.get(2..) {
            Some([flag, mib]) if flag == "--max-memory-mib" => {
                match mib.to_str().and_then(|m| m.parse().ok()) {
                    Some(mib) => ExitCode::from(iub::worker::serve(mib)),
                    None => ExitCode::from(EXIT_USAGE),
                }
            }
            Some([]) => ExitCode::from(iub::worker::serve(0)),
            _ => ExitCode::from(EXIT_USAGE),
        };
    }
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(EXIT_USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Extract {
            inputs,
            name,
            out,
            manifest,
            resume,
            force,
            csv_excel,
            quiet,
            isolation,
            max_worker_memory,
            jobs,
            ocr,
            limits,
        } => {
            let jobs = match jobs_bound(jobs) {
                Ok(j) => j,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(EXIT_USAGE);
                }
            };
            let manifest = match manifest
                .map(|m| iub::classify::manifest::Manifest::read(&m))
                .transpose()
            {
                Ok(m) => m,
                Err(e) => {
                    eprintln!("error: {}", iub::error::SetupError::Manifest(e));
                    return ExitCode::from(EXIT_SETUP);
                }
            };
            let isolation = match isolation {
                IsolationArg::Thread => iub::batch::Isolation::Thread,
                IsolationArg::Process => match std::env::current_exe() {
                    Ok(program) => iub::batch::Isolation::Process(iub::batch::WorkerCommand {
                        program,
                        max_memory_mib: max_worker_memory,
                    }),
                    Err(e) => {
                        eprintln!("error: cannot find this executable to start workers ({e}); try --isolation thread");
                        return ExitCode::from(EXIT_SETUP);
                    }
                },
            };
            let options = iub::batch::RunOptions {
                manifest: manifest.as_ref(),
                resume,
                force,
                csv_excel,
                progress: !quiet && std::io::IsTerminal::is_terminal(&std::io::stderr()),
                isolation,
                interrupt: stop_on_signals(),
                ocr: OcrOptions::mode(ocr),
            };
            let limits = Limits::from(&limits);
            run_extract(&inputs, &name, &out, &limits, &options, jobs)
        }
        Command::Eval { gold, out, json } => run_eval(&gold, &out, json),
        Command::Compare { out } => match iub::compare::run(&out) {
            Ok(s) => {
                eprintln!(
                    "compared {} interventions of {} municipalities ({} plans); wrote {}",
                    s.interventions,
                    s.municipalities,
                    s.documents,
                    out.join("comparison.{csv,html}").display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: compare: {e}");
                ExitCode::from(1)
            }
        },
        Command::Restore { words } => run_restore(words.as_deref()),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "iub", &mut io::stdout());
            ExitCode::SUCCESS
        }
        Command::Man { dir } => {
            let written = match &dir {
                Some(dir) => std::fs::create_dir_all(dir)
                    .and_then(|()| clap_mangen::generate_to(Cli::command(), dir)),
                None => clap_mangen::Man::new(Cli::command()).render(&mut io::stdout()),
            };
            match written {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    let target = dir.map_or("stdout".into(), |d| d.display().to_string());
                    eprintln!("error: man: cannot write to {target}: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Text {
            files,
            name,
            json,
            ocr,
            limits,
        } => run_text(
            &files,
            &name,
            json,
            &Limits::from(&limits),
            &OcrOptions::mode(ocr),
        ),
        Command::Inspect {
            files,
            out,
            pages,
            page_image,
            limits,
        } => {
            let options = iub::inspect::Options { pages, page_image };
            run_inspect(&files, &out, &Limits::from(&limits), &options)
        }
    }
}

fn run_inspect(
    files: &[PathBuf],
    out: &Path,
    limits: &Limits,
    options: &iub::inspect::Options,
) -> ExitCode {
    if let Err(e) = std::fs::create_dir_all(out) {
        eprintln!("error: --out {}: {e}", out.display());
        return ExitCode::from(EXIT_SETUP);
    }
    let (inputs, missing) = iub::batch::collect_inputs(files);
    let mut failed = missing.len();
    for e in &missing {
        eprintln!("error: {e}");
    }
    let results = iub::inspect::run(&inputs, out, default_backend(), limits, options);
    for (input, result) in inputs.iter().zip(results) {
        match result {
            Ok(done) => {
                for note in &done.notes {
                    eprintln!("warning: {}: {note}", input.name());
                }
                eprintln!(
                    "{}: {} pages drawn, {} interventions → {}",
                    input.name(),
                    done.pages_drawn,
                    done.interventions,
                    done.html.display()
                );
            }
            Err(e) => {
                failed += 1;
                eprintln!("error: {e}");
            }
        }
    }
    if failed > 0 {
        ExitCode::from(EXIT_SOME_FAILED)
    } else {
        ExitCode::SUCCESS
    }
}

/// `--jobs N` (0: RAYON_NUM_THREADS, else one per core), refused above
/// [`MAX_JOBS_PER_CORE`] per core before anything is read: a thread and a
/// worker process each would only thrash the machine.
fn jobs_bound(requested: usize) -> Result<usize, String> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let bound = MAX_JOBS_PER_CORE * cores;
    let (jobs, from) = match requested {
        0 => match std::env::var("RAYON_NUM_THREADS")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|&n| n > 0)
        {
            Some(n) => (n, "RAYON_NUM_THREADS"),
            None => return Ok(cores),
        },
        n => (n, "--jobs"),
    };
    if jobs > bound {
        return Err(format!(
            "{from} {jobs} is more than {bound} ({MAX_JOBS_PER_CORE} per core, {cores} cores here): documents are CPU-bound, more at once only costs memory"
        ));
    }
    Ok(jobs)
}

/// Ctrl-C and SIGTERM set the flag the batch polls: no new document starts,
/// running ones are abandoned, and what finished is written. A second
/// signal ends iub at once. signal-hook does the async-signal-safe part.
fn stop_on_signals() -> Option<Arc<AtomicBool>> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let flag = Arc::new(AtomicBool::new(false));
    for signal in [SIGINT, SIGTERM] {
        // Registered first, so the first signal only arms it (signal-hook's idiom).
        let registered = signal_hook::flag::register_conditional_shutdown(
            signal,
            i32::from(EXIT_INTERRUPTED),
            Arc::clone(&flag),
        )
        .and_then(|_| signal_hook::flag::register(signal, Arc::clone(&flag)));
        if let Err(e) = registered {
            eprintln!("warning: Ctrl-C will stop iub without writing the batch's outputs ({e})");
            return None;
        }
    }
    Some(flag)
}

/// `-` as an input: the document comes from stdin.
const STDIN: &str = "-";
/// The stem of a document read from stdin, unless `--name` gives one.
const STDIN_STEM: &str = "stdin";

/// Reads stdin within the input size limit; returns the bytes and the path
/// the document goes by (`<stem>.pdf` or `<stem>.txt`, by its content).
fn read_stdin(stem: &str, limits: &Limits) -> Result<(PathBuf, Vec<u8>), String> {
    let mut bytes = Vec::new();
    let cap = limits.max_input_bytes.saturating_add(1);
    io::Read::read_to_end(&mut io::Read::take(io::stdin().lock(), cap), &mut bytes)
        .map_err(|e| format!("stdin: cannot read: {e}"))?;
    if bytes.len() as u64 > limits.max_input_bytes {
        return Err(format!(
            "stdin: more than the limit of {} bytes (--max-input-bytes)",
            limits.max_input_bytes
        ));
    }
    let ext = if iub::pdf::looks_like_pdf(&bytes) {
        "pdf"
    } else {
        "txt"
    };
    Ok((PathBuf::from(format!("{stem}.{ext}")), bytes))
}

fn run_extract(
    paths: &[PathBuf],
    stdin_stem: &str,
    out: &Path,
    limits: &Limits,
    options: &iub::batch::RunOptions,
    jobs: usize,
) -> ExitCode {
    let from_stdin = paths.iter().any(|p| p.as_os_str() == STDIN);
    let paths: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.as_os_str() != STDIN)
        .cloned()
        .collect();
    let stdin_input = if from_stdin {
        match read_stdin(stdin_stem, limits) {
            // The batch keeps inputs for its whole run: stdin is read once.
            Ok((path, bytes)) => Some(iub::batch::Input {
                path,
                bundled: Some(Box::leak(bytes.into_boxed_slice())),
            }),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(EXIT_SOME_FAILED);
            }
        }
    } else {
        None
    };
    let (mut inputs, mut missing) = if paths.is_empty() && stdin_input.is_some() {
        (Vec::new(), Vec::new())
    } else if paths.is_empty() {
        let bundled = iub::bundled::BUNDLED
            .iter()
            .map(|(name, bytes)| iub::batch::Input {
                path: PathBuf::from(format!("bundled/{name}")),
                bundled: Some(bytes),
            })
            .collect();
        (bundled, Vec::new())
    } else {
        iub::batch::collect_inputs(&paths)
    };
    inputs.extend(stdin_input);
    let started = std::time::Instant::now();
    let threads = jobs.min(inputs.len()).max(1);
    let run = || iub::batch::run_with(&inputs, out, default_backend(), limits, options);
    let result = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(run),
        Err(e) => {
            eprintln!("error: cannot start {threads} threads: {e}");
            return ExitCode::from(EXIT_SETUP);
        }
    };
    let mut summary = match result {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_SETUP);
        }
    };
    summary.documents += missing.len();
    summary.errors.append(&mut missing);
    for w in &summary.warnings {
        eprintln!("warning: {w}");
    }
    for e in &summary.errors {
        eprintln!("error: {e}");
    }
    for review in &summary.needs_review {
        eprintln!(
            "needs review: {}: {}",
            review.file,
            review.reasons.join("; ")
        );
    }
    if summary.interrupted {
        eprintln!(
            "interrupted: {} of {} documents finished; run again with --resume",
            summary.documents - summary.not_finished(),
            summary.documents
        );
        return ExitCode::from(EXIT_INTERRUPTED);
    }
    eprintln!(
        "extracted {} of {} documents ({} pages, {} interventions) into {}; {} failed{}",
        summary.extracted,
        summary.documents,
        summary.pages,
        summary.interventions,
        out.display(),
        summary.errors.len(),
        if summary.needs_review.is_empty() {
            String::new()
        } else {
            format!(", {} need review", summary.needs_review.len())
        }
    );
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "{:.1} s, {:.1} pages/s{}; outputs: <stem>.json, interventions.jsonl, interventions.csv, errors.jsonl, summary.json",
        seconds,
        summary.pages as f64 / seconds.max(1e-9),
        if summary.resumed > 0 { format!(", {} already done (--resume)", summary.resumed) } else { String::new() }
    );
    if summary.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_SOME_FAILED)
    }
}

/// `iub restore`: stdin (UTF-8, or Latin-1 decoded as `extract` decodes
/// `.txt` inputs) → stdout, always restored (the user asked for it).
fn run_restore(words: Option<&Path>) -> ExitCode {
    let lexicon = match words {
        Some(path) => iub::restore::Lexicon::with_extra_words(path)
            .map_err(|e| format!("--words {}: {e}", path.display())),
        None => iub::restore::Lexicon::bundled().map_err(|e| e.to_string()),
    };
    let lexicon = match lexicon {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: restore: {e}");
            return ExitCode::from(EXIT_SETUP);
        }
    };
    let mut bytes = Vec::new();
    if let Err(e) = io::Read::read_to_end(&mut io::stdin().lock(), &mut bytes) {
        eprintln!("error: restore: cannot read stdin: {e}");
        return ExitCode::from(1);
    }
    let text = match iub::text_input::decode(&bytes) {
        Ok((text, None)) => text,
        Ok((text, Some(note))) => {
            eprintln!("warning: stdin: {note}");
            text
        }
        Err(e) => {
            eprintln!("error: restore: stdin: {e}");
            return ExitCode::from(1);
        }
    };
    let stdout = io::stdout();
    let stats = iub::restore::restore_filter(&text, &mut stdout.lock(), &lexicon);
    match stats {
        Ok(stats) if stats.decision.restore => {
            eprintln!(
                "restored {} of {} words ({})",
                stats.changed_words, stats.words, stats.decision.reason
            );
            ExitCode::SUCCESS
        }
        Ok(stats) => {
            eprintln!(
                "restored {} of {} words on request (`iub extract` would have left this text as it is: {})",
                stats.changed_words, stats.words, stats.decision.reason
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: restore: {e}");
            ExitCode::from(1)
        }
    }
}

fn run_eval(gold: &std::path::Path, out: &std::path::Path, json: bool) -> ExitCode {
    match iub::eval::evaluate_dirs(gold, out) {
        Ok(report) => {
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&report).unwrap_or_default()
                );
            } else {
                print!("{}", report.render());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn run_text(
    files: &[PathBuf],
    stdin_stem: &str,
    json: bool,
    limits: &Limits,
    ocr: &OcrOptions,
) -> ExitCode {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut failed = 0;
    for file in files {
        let laid_out = if file.as_os_str() == STDIN {
            read_stdin(stdin_stem, limits)
                .map_err(|e| e.to_string())
                .and_then(|(path, bytes)| {
                    let name = path.display().to_string();
                    iub::pipeline::lay_out_with(
                        &name,
                        &path,
                        &bytes,
                        default_backend(),
                        limits,
                        ocr,
                    )
                    .map_err(|e| e.to_string())
                })
        } else {
            lay_out_file_with(file, default_backend(), limits, ocr).map_err(|e| e.to_string())
        };
        let file = if file.as_os_str() == STDIN {
            PathBuf::from(stdin_stem)
        } else {
            file.clone()
        };
        match laid_out {
            Ok(doc) => {
                let written = if json {
                    serde_json::to_writer(
                        &mut out,
                        &TextJson {
                            file: file.display().to_string(),
                            document: &doc,
                        },
                    )
                    .map_err(io::Error::other)
                    .and_then(|_| writeln!(out))
                } else {
                    print_text(&mut out, &file.display().to_string(), &doc)
                };
                if written.is_err() {
                    return ExitCode::from(1); // stdout closed (e.g. piped to head)
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("error: {e}");
            }
        }
    }
    let _ = out.flush();
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[derive(serde::Serialize)]
struct TextJson<'a> {
    file: String,
    #[serde(flatten)]
    document: &'a Document,
}

fn print_text(out: &mut impl Write, name: &str, doc: &Document) -> io::Result<()> {
    writeln!(out, "== {name}")?;
    for warning in &doc.warnings {
        writeln!(out, "!! {warning}")?;
    }
    for page in &doc.pages {
        match (page.width, page.height) {
            (Some(w), Some(h)) => writeln!(
                out,
                "-- page {} ({} × {} pt, rotation {}, {} rulings{})",
                page.number,
                round2(w),
                round2(h),
                page.rotation,
                page.rulings.len(),
                page.ocr.as_ref().map_or(String::new(), |o| format!(
                    "; OCR: {}, {:?} at {:.0} dpi, {} words, confidence {:.0}",
                    o.engine, o.image, o.dpi, o.words, o.mean_confidence
                ))
            )?,
            _ => writeln!(out, "-- page {}", page.number)?,
        }
        for line in &page.lines {
            match line.bbox {
                Some(b) => {
                    write!(out, "p{} y{:>6.1} ", page.number, b.top)?;
                    for (i, seg) in line.segments.iter().enumerate() {
                        if i > 0 {
                            write!(out, " ┃ ")?;
                        }
                        let x = seg.bbox.map(|b| b.x0).unwrap_or(0.0);
                        write!(out, "[x{:.1}] {}", x, seg.text)?;
                    }
                    writeln!(out)?;
                }
                None => {
                    let texts: Vec<&str> = line.segments.iter().map(|s| s.text.as_str()).collect();
                    writeln!(out, "p{} {}", page.number, texts.join(" ┃ "))?;
                }
            }
        }
    }
    for f in &doc.furniture {
        writeln!(out, "## furniture p{} {:?}: {}", f.page, f.kind, f.text)?;
    }
    Ok(())
}
