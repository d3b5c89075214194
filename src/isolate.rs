//! Containment of panics raised by third-party parsers: a panic inside
//! [`contain`] becomes an `Err` with its message, and is not printed to stderr
//! (a batch's stderr is for the user, not for a parser's internals).

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();

fn install_hook() {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if DEPTH.with(|d| d.get()) > 0 {
                let message = payload_message(info.payload());
                let place = info
                    .location()
                    .map(|l| format!(" at {}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{message}{place}")));
            } else {
                previous(info);
            }
        }));
    });
}

fn payload_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-text payload".to_string()
    }
}

/// Runs `f`; a panic inside it is returned as `Err("panic: <message> at <file:line>")`.
pub fn contain<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    install_hook();
    DEPTH.with(|d| d.set(d.get() + 1));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    DEPTH.with(|d| d.set(d.get() - 1));
    result.map_err(|payload| {
        let recorded = LAST_PANIC.with(|p| p.borrow_mut().take());
        format!(
            "panic: {}",
            recorded.unwrap_or_else(|| payload_message(payload.as_ref()))
        )
    })
}

/// Whether `text` holds a panic message from [`contain`] located in iub's
/// own source (`at src/…`, where a dependency's location is an absolute
/// registry path). Containment is for third-party parsers; a panic of ours
/// is a bug, and tests and fuzz targets look for it with this.
pub fn mentions_own_panic(text: &str) -> bool {
    text.contains("panic: ") && text.contains(" at src/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_with_its_message() {
        let r: Result<(), String> = contain(|| panic!("bad xref"));
        let e = r.unwrap_err();
        assert!(e.starts_with("panic: bad xref at "), "{e}");
    }

    #[test]
    fn our_panics_are_told_from_a_dependency_s() {
        let ours = contain(|| panic!("bad index")).unwrap_err();
        assert!(mentions_own_panic(&ours), "{ours}");
        let theirs = "panic: bad xref at /root/.cargo/registry/src/lopdf-0.42.0/src/reader.rs:12";
        assert!(!mentions_own_panic(theirs));
    }

    #[test]
    fn a_normal_result_passes_through() {
        assert_eq!(contain(|| 41 + 1), Ok(42));
    }
}
