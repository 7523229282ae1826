//! `peixun restore` streams, checks and says what it did (issue 35): an entry larger than its
//! kind may hold or a database that is not one is refused with nothing restored, and the
//! answer names the secret key only when the archive held one.
use super::{data_dir, peixun};
use std::io::Write;
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;

fn archive(dir: &Path, entries: &[(&str, &[u8])]) -> PathBuf {
    let file = dir.join("backup.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&file).unwrap());
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    file
}

fn restore(dir: &Path, file: &Path) -> (bool, String) {
    let out = peixun(dir).arg("restore").arg(file).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

const IMAGE: &str = "evidence/1-0123456789abcdef0123456789abcdef.png";

#[test]
fn an_oversized_entry_or_a_database_that_is_not_one_restores_nothing() {
    let scratch = data_dir("restore-src");
    let target = data_dir("restore-dst");
    // An image larger than any upload may be (2 MB): refused before a byte is written.
    let mut big = vec![0u8; 3 * 1024 * 1024];
    big[..4].copy_from_slice(b"\x89PNG");
    let file = archive(&scratch, &[("peixun.db", b"not a database"), (IMAGE, &big)]);
    let (ok, said) = restore(&target, &file);
    assert!(!ok && said.contains("larger than"), "{said}");
    // A database entry that SQLite cannot open as one: refused after unpacking, before moving.
    let file = archive(&scratch, &[("peixun.db", &[7u8; 8192])]);
    let (ok, said) = restore(&target, &file);
    assert!(!ok && said.contains("cannot be used"), "{said}");
    // A secret key far longer than one: refused.
    let file = archive(
        &scratch,
        &[("peixun.db", b"x"), ("secret.key", &[b'a'; 4096])],
    );
    let (ok, said) = restore(&target, &file);
    assert!(!ok && said.contains("secret.key"), "{said}");
    assert!(!target.join("peixun.db").exists(), "nothing was restored");
    assert!(!target.join("evidence").join(&IMAGE[9..]).exists());
    let _ = std::fs::remove_dir_all(&scratch);
    let _ = std::fs::remove_dir_all(&target);
}

#[test]
fn a_backup_without_a_secret_key_restores_and_says_it_held_none() {
    let source = data_dir("restore-migrated");
    let out = peixun(&source).arg("migrate").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A real backup (the database is copied whole, its write-ahead log included), then the
    // same archive without its key.
    let full = source.join("full.zip");
    let out = peixun(&source).arg("backup").arg(&full).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&full).unwrap()).unwrap();
    let mut db = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name("peixun.db").unwrap(), &mut db).unwrap();
    let file = archive(&source, &[("peixun.db", &db)]);
    let target = data_dir("restore-nokey");
    let (ok, said) = restore(&target, &file);
    assert!(ok, "{said}");
    assert!(
        said.contains("no secret key") && !said.contains("the secret key,"),
        "{said}"
    );
    assert!(
        said.contains("integrity checked") && said.contains("0 evidence images"),
        "{said}"
    );
    assert!(target.join("peixun.db").exists());
    let _ = std::fs::remove_dir_all(&source);
    let _ = std::fs::remove_dir_all(&target);
}
