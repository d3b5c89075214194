//! The `iub` command line. Exit status: 0 all inputs processed, 1 some
//! failed (each named on stderr), 2 usage error.

use clap::{Args, Parser, Subcommand, ValueEnum};
use iub::geom::round2;
use iub::layout::Document;
use iub::limits::Limits;
use iub::pdf::default_backend;
use iub::pipeline::lay_out_file;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "iub",
    version,
    about = "Swedish IUB plans (SoL 11 kap. 5 §) → structured data"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract interventions: writes OUT/<input stem>.json per document and
    /// OUT/errors.jsonl. With no INPUT, runs on the plans bundled in the binary.
    Extract {
        /// PDF or .txt files, or directories (searched for .pdf and .txt).
        inputs: Vec<PathBuf>,
        /// Output directory.
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// CSV of path,kommunkod[,date] that overrides detected issuer codes and dates.
        #[arg(long)]
        manifest: Option<PathBuf>,
        /// Skip inputs whose OUT/<stem>.json exists for the same sha256.
        #[arg(long)]
        resume: bool,
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
        /// per core, or RAYON_NUM_THREADS.
        #[arg(long, short, default_value_t = 0)]
        jobs: usize,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Internal: a worker process of `iub extract`, answering on stdin/stdout.
    #[command(name = "__worker", hide = true)]
    Worker {
        #[arg(long, default_value_t = 0)]
        max_memory_mib: u64,
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
    Restore {
        /// Extra words (one per line, optionally a tab and a Zipf frequency).
        #[arg(long)]
        words: Option<PathBuf>,
    },
    /// Print each page's normalised lines with page number and coordinates.
    Text {
        /// PDF or .txt files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// One JSON document per input (pages, lines, segments, words, furniture).
        #[arg(long)]
        json: bool,
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

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Extract {
            inputs,
            out,
            manifest,
            resume,
            csv_excel,
            quiet,
            isolation,
            max_worker_memory,
            jobs,
            limits,
        } => {
            let manifest = match manifest
                .map(|m| iub::classify::manifest::Manifest::read(&m))
                .transpose()
            {
                Ok(m) => m,
                Err(e) => {
                    eprintln!("error: manifest: {e}");
                    return ExitCode::from(2);
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
                        return ExitCode::from(1);
                    }
                },
            };
            let options = iub::batch::RunOptions {
                manifest: manifest.as_ref(),
                resume,
                csv_excel,
                progress: !quiet && std::io::IsTerminal::is_terminal(&std::io::stderr()),
                isolation,
            };
            let limits = Limits::from(&limits);
            if jobs == 0 {
                return run_extract(&inputs, &out, &limits, &options);
            }
            match rayon::ThreadPoolBuilder::new().num_threads(jobs).build() {
                Ok(pool) => pool.install(|| run_extract(&inputs, &out, &limits, &options)),
                Err(e) => {
                    eprintln!("error: cannot start {jobs} threads: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Worker { max_memory_mib } => ExitCode::from(iub::worker::serve(max_memory_mib)),
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
        Command::Restore { words } => {
            let stdin = io::stdin();
            let stdout = io::stdout();
            match iub::restore::run_restore(&mut stdin.lock(), &mut stdout.lock(), words.as_deref())
            {
                Ok(stats) => {
                    eprintln!(
                        "restored {} of {} words ({})",
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
        Command::Text {
            files,
            json,
            limits,
        } => run_text(&files, json, &Limits::from(&limits)),
    }
}

fn run_extract(
    paths: &[PathBuf],
    out: &std::path::Path,
    limits: &Limits,
    options: &iub::batch::RunOptions,
) -> ExitCode {
    let (inputs, mut missing) = if paths.is_empty() {
        let bundled = iub::bundled::BUNDLED
            .iter()
            .map(|(name, bytes)| iub::batch::Input {
                path: PathBuf::from(format!("bundled/{name}")),
                bundled: Some(bytes),
            })
            .collect();
        (bundled, Vec::new())
    } else {
        iub::batch::collect_inputs(paths)
    };
    let started = std::time::Instant::now();
    let mut summary = match iub::batch::run_with(&inputs, out, default_backend(), limits, options) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot write to {}: {e}", out.display());
            return ExitCode::from(1);
        }
    };
    summary.documents += missing.len();
    summary.errors.append(&mut missing);
    for e in &summary.errors {
        eprintln!("error: {e}");
    }
    eprintln!(
        "extracted {} of {} documents ({} pages, {} interventions) into {}; {} failed",
        summary.extracted,
        summary.documents,
        summary.pages,
        summary.interventions,
        out.display(),
        summary.errors.len()
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
        ExitCode::from(1)
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

fn run_text(files: &[PathBuf], json: bool, limits: &Limits) -> ExitCode {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut failed = 0;
    for file in files {
        match lay_out_file(file, default_backend(), limits) {
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
                "-- page {} ({} × {} pt, rotation {}, {} rulings)",
                page.number,
                round2(w),
                round2(h),
                page.rotation,
                page.rulings.len()
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
