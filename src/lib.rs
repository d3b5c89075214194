//! `iub`: Swedish municipal plans for interventions without individual needs
//! assessment (SoL 2025:400, 11 kap. 5 §) → structured, comparable data.
//!
//! Stages, each a module with one input and one output type:
//! `pdf` (→ `ocr`) / `text_input` → `normalize` → `layout` → (segmentation,
//! classification, output: later stages). See ARCHITECTURE.md.

pub mod batch;
pub mod bundled;
pub mod classify;
pub mod compare;
pub mod dataset;
pub mod error;
pub mod eval;
pub mod fuzzing;
pub mod geom;
pub mod inspect;
pub mod isolate;
pub mod layout;
pub mod limits;
pub mod normalize;
pub mod ocr;
pub mod output;
pub mod pdf;
pub mod pipeline;
pub mod restore;
pub mod segment;
pub mod text_input;
pub mod vocab;
pub mod worker;

// mimalloc instead of glibc's malloc: a document is many small short-lived
// allocations (glyphs, words, folded strings), and glibc spent about a fifth
// of the pipeline's time in malloc/free (perf). Measured on 40 fixture copies,
// `iub extract --jobs 1 --isolation thread`: user time 1.42–1.56 s → 1.05–1.10 s.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h's `mi_option_e` (an ABI-stable enum:
/// retired options keep their slots).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Call once at program start. mimalloc hands freed memory back to the OS
/// 10 ms after it is freed; a batch frees a document's memory and allocates
/// the next one's within that time, so every document page-faulted its
/// memory in again (0.3 s of kernel time per 40 documents). A second keeps
/// the memory for the next document and still returns it when the batch idles.
pub fn tune_allocator() {
    // SAFETY: mi_option_set only stores the value in mimalloc's option table.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 1000) }
}
