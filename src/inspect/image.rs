//! The page image under the overlay: pages rendered by poppler's
//! `pdftoppm` as greyscale, encoded as PNG, base64 for a `data:` URL.

use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Resolution of the page image: sharp enough to read 8 pt text beside the
/// overlay, small enough (~1 MB per A4 page raw) to embed.
const IMAGE_DPI: u32 = 96;

/// A page image: its pixel size and the PNG, base64.
#[derive(Debug, Clone, PartialEq)]
pub struct PageImage {
    pub width: u32,
    pub height: u32,
    pub png_base64: String,
}

/// Renders `pages` of a PDF with `pdftoppm -gray` (the PDF on its stdin,
/// so no file name reaches its command line) and encodes each as PNG.
/// Greyscale is a third of the bytes, and colour adds nothing the fills
/// layer does not show. A rasteriser that runs past `deadline` is killed.
pub fn rasterise(
    pdf: &[u8],
    pages: &[u32],
    deadline: Instant,
) -> Result<BTreeMap<u32, PageImage>, String> {
    let (Some(&first), Some(&last)) = (pages.iter().min(), pages.iter().max()) else {
        return Ok(BTreeMap::new());
    };
    let scratch = std::env::temp_dir().join(format!(
        "iub-inspect-{}-{}",
        std::process::id(),
        SCRATCH.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&scratch)
        .map_err(|e| format!("cannot make {}: {e}", scratch.display()))?;
    let result = rasterise_into(&scratch, pdf, first, last, deadline).map(|mut found| {
        found.retain(|page, _| pages.contains(page));
        found
    });
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

static SCRATCH: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

fn rasterise_into(
    scratch: &Path,
    pdf: &[u8],
    first: u32,
    last: u32,
    deadline: Instant,
) -> Result<BTreeMap<u32, PageImage>, String> {
    let mut child = Command::new("pdftoppm")
        .args(["-gray", "-r", &IMAGE_DPI.to_string()])
        .args(["-f", &first.to_string(), "-l", &last.to_string(), "-"])
        .arg(scratch.join("page"))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                "pdftoppm not found (install poppler-utils for --page-image)".to_string()
            }
            _ => format!("cannot start pdftoppm: {e}"),
        })?;
    // Fed from a thread: pdftoppm may block on a full stderr pipe or exit
    // early while we write.
    let feeder = child.stdin.take().map(|mut stdin| {
        let pdf = pdf.to_vec();
        std::thread::spawn(move || {
            let _ = stdin.write_all(&pdf);
        })
    });
    let mut stderr = child.stderr.take();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err("pdftoppm ran past --max-seconds and was stopped".to_string());
            }
            Err(e) => return Err(format!("pdftoppm: {e}")),
        }
    };
    if let Some(feeder) = feeder {
        let _ = feeder.join();
    }
    if !status.success() {
        let mut message = String::new();
        if let Some(stderr) = stderr.as_mut() {
            let _ = stderr.take(4096).read_to_string(&mut message);
        }
        let message = message.lines().next().unwrap_or("").trim().to_string();
        return Err(format!("pdftoppm failed ({status}) {message}")
            .trim()
            .to_string());
    }
    let mut found = BTreeMap::new();
    let entries =
        std::fs::read_dir(scratch).map_err(|e| format!("cannot list pdftoppm's pages: {e}"))?;
    for entry in entries.flatten() {
        let path = entry.path();
        // pdftoppm names pages `page-7.pgm`, `page-07.pgm` (padded to the
        // page count's digits).
        let Some(page) = path
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| s.rsplit_once('-'))
            .and_then(|(_, n)| n.parse::<u32>().ok())
        else {
            continue;
        };
        let bytes = std::fs::read(&path).map_err(|e| format!("cannot read page {page}: {e}"))?;
        let (width, height, pixels) =
            parse_pgm(&bytes).ok_or_else(|| format!("page {page}: pdftoppm wrote no PGM"))?;
        found.insert(
            page,
            PageImage {
                width,
                height,
                png_base64: base64(&gray_png(width, height, pixels)),
            },
        );
    }
    Ok(found)
}

/// A binary greyscale PGM (`P5`, maxval 255): width, height and pixels.
fn parse_pgm(bytes: &[u8]) -> Option<(u32, u32, &[u8])> {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes.get(i)?.is_ascii_whitespace() {
            i += 1;
        }
        if bytes[i] == b'#' {
            while *bytes.get(i)? != b'\n' {
                i += 1;
            }
            continue;
        }
        let start = i;
        while !bytes.get(i)?.is_ascii_whitespace() {
            i += 1;
        }
        fields.push(std::str::from_utf8(&bytes[start..i]).ok()?);
    }
    // One whitespace byte ends the header.
    let data = bytes.get(i + 1..)?;
    let (width, height): (u32, u32) = (fields[1].parse().ok()?, fields[2].parse().ok()?);
    let size = (width as usize).checked_mul(height as usize)?;
    (fields[0] == "P5" && fields[3] == "255" && data.len() >= size)
        .then(|| (width, height, &data[..size]))
}

/// An 8-bit greyscale PNG. Each row is filtered "Up" (the difference to
/// the row above), which turns the white page around text into zeros that
/// deflate well; fast compression keeps encoding below pdftoppm's own time.
fn gray_png(width: u32, height: u32, pixels: &[u8]) -> Vec<u8> {
    use flate2::write::ZlibEncoder;
    let stride = width as usize;
    let mut filtered = Vec::with_capacity((stride + 1) * height as usize);
    for (y, row) in pixels.chunks(stride.max(1)).enumerate() {
        filtered.push(2);
        match y.checked_sub(1) {
            Some(above) => {
                let prior = &pixels[above * stride..above * stride + stride];
                filtered.extend(row.iter().zip(prior).map(|(p, q)| p.wrapping_sub(*q)));
            }
            None => filtered.extend_from_slice(row),
        }
    }
    let mut z = ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let _ = z.write_all(&filtered);
    let idat = z.finish().unwrap_or_default();
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]); // 8 bits, greyscale, deflate, no interlace
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [
        (b"IHDR", &ihdr[..]),
        (b"IDAT", &idat[..]),
        (b"IEND", &[][..]),
    ] {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        png.extend_from_slice(kind);
        png.extend_from_slice(data);
        png.extend_from_slice(&crc.sum().to_be_bytes());
    }
    png
}

/// Standard base64 (RFC 4648, padded), for `data:` URLs.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> shift) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        // The test vectors of RFC 4648, section 10.
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn pgm_headers() {
        let mut pgm = b"P5\n# made by hand\n3 2\n255\n".to_vec();
        pgm.extend_from_slice(&[0, 128, 255, 1, 2, 3]);
        assert_eq!(parse_pgm(&pgm), Some((3, 2, &[0, 128, 255, 1, 2, 3][..])));
        assert_eq!(parse_pgm(b"P5\n3 2\n255\n\x00"), None, "short data");
        assert_eq!(parse_pgm(b"P6\n1 1\n255\n\x00\x00\x00"), None, "colour");
        assert_eq!(parse_pgm(b"P5\n1"), None);
    }

    #[test]
    fn png_rows_round_trip() {
        use std::io::Read;
        let pixels = [10u8, 20, 30, 40, 15, 20, 255, 0, 5];
        let png = gray_png(3, 3, &pixels);
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_eq!(&png[16..24], &[0, 0, 0, 3, 0, 0, 0, 3]);
        // IDAT: after the signature (8) and IHDR (4 + 4 + 13 + 4).
        let at = 8 + 25;
        let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        assert_eq!(&png[at + 4..at + 8], b"IDAT");
        let mut raw = Vec::new();
        flate2::read::ZlibDecoder::new(&png[at + 8..at + 8 + len])
            .read_to_end(&mut raw)
            .unwrap();
        // Undo the Up filter: each row adds the row above.
        let mut rows: Vec<Vec<u8>> = Vec::new();
        for chunk in raw.chunks(4) {
            assert_eq!(chunk[0], 2);
            let row: Vec<u8> = match rows.last() {
                Some(above) => chunk[1..]
                    .iter()
                    .zip(above)
                    .map(|(d, a)| d.wrapping_add(*a))
                    .collect(),
                None => chunk[1..].to_vec(),
            };
            rows.push(row);
        }
        assert_eq!(rows.concat(), pixels);
    }
}
