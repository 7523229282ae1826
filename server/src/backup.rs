//! `peixun backup FILE` and `peixun restore FILE [--force]` (issue 13, "Backup and restore").
//!
//! One zip holds everything a data directory needs to come back: a consistent copy of the
//! SQLite database made with `VACUUM INTO` (safe while the server runs and writes: it reads
//! one snapshot), the secret key (so check-in codes computed before the backup stay valid),
//! and the evidence images. On PostgreSQL the database is `pg_dump`'s job (README, 运维).
use crate::config::Config;
use app::hours::evidence::mime_of;
use sea_orm::ConnectionTrait;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;

const DB_ENTRY: &str = "peixun.db";
const SECRET_ENTRY: &str = "secret.key";
const EVIDENCE: &str = "evidence";

/// The file behind a `sqlite://PATH?…` URL.
fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

fn io(what: &str) -> impl Fn(std::io::Error) -> String + '_ {
    move |e| format!("{what}: {e}")
}

pub async fn backup(config: &Config, file: &Path) -> Result<String, String> {
    let Some(db_path) = sqlite_path(&config.database_url) else {
        return Err(
            "PostgreSQL: back up the database with pg_dump, and the data directory \
                    (secret.key and evidence/) with it; see README, 运维"
                .into(),
        );
    };
    // Run from the wrong directory, a backup must fail, not hold a new empty database and a
    // freshly generated key.
    if !db_path.exists() {
        return Err(format!("no database at {}", db_path.display()));
    }
    let key = config.data_dir.join(SECRET_ENTRY);
    if std::env::var_os("PEIXUN_SECRET").is_none() && !key.exists() {
        return Err(format!("no secret key at {}", key.display()));
    }
    let secret = hex::encode(config.secret().map_err(io("read the secret key"))?);
    let db = app::db::connect(&config.database_url)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    let snapshot = config.data_dir.join(format!(
        ".backup-{}.db",
        hex::encode(rand::random::<[u8; 8]>())
    ));
    let quoted = snapshot.display().to_string().replace('\'', "''");
    db.execute_unprepared(&format!("VACUUM INTO '{quoted}'"))
        .await
        .map_err(|e| format!("cannot copy the database: {e}"))?;
    let written = write_archive(file, &snapshot, &secret, &config.data_dir.join(EVIDENCE));
    let _ = std::fs::remove_file(&snapshot);
    let images = written?;
    Ok(format!(
        "backup written to {}: database, secret key, {images} evidence images",
        file.display()
    ))
}

fn write_archive(file: &Path, db: &Path, secret: &str, evidence: &Path) -> Result<usize, String> {
    // It holds the secret key: readable by its owner only, like the key itself.
    let out = private_file(file).map_err(io("create the backup file"))?;
    let mut zip = zip::ZipWriter::new(out);
    // Stored, not deflated: the zip crate is built without compressors, and the copy is
    // meant to be quick and whole rather than small.
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(true);
    let mut add = |name: &str, path: Option<&Path>, bytes: &[u8]| -> Result<(), String> {
        zip.start_file(name, options).map_err(|e| e.to_string())?;
        match path {
            Some(path) => {
                let mut f = std::fs::File::open(path).map_err(io("read for backup"))?;
                std::io::copy(&mut f, &mut zip).map_err(io("write the backup"))?;
            }
            None => zip.write_all(bytes).map_err(io("write the backup"))?,
        }
        Ok(())
    };
    add(DB_ENTRY, Some(db), b"")?;
    add(SECRET_ENTRY, None, secret.as_bytes())?;
    let mut images = 0;
    if let Ok(dir) = std::fs::read_dir(evidence) {
        for entry in dir.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if mime_of(&name).is_some() {
                add(&format!("{EVIDENCE}/{name}"), Some(&entry.path()), b"")?;
                images += 1;
            }
        }
    }
    zip.finish().map_err(|e| e.to_string())?;
    Ok(images)
}

/// The most an entry may unpack to (issue 35: a 1.5 MB archive declaring a 1.5 GB entry was
/// read into memory whole). Entries are copied to disk through these limits, never held.
const MAX_DB_BYTES: u64 = 64 * 1024 * 1024 * 1024;
const MAX_SECRET_BYTES: u64 = 1024;

fn entry_limit(name: &str) -> u64 {
    match name {
        DB_ENTRY => MAX_DB_BYTES,
        SECRET_ENTRY => MAX_SECRET_BYTES,
        _ => app::hours::evidence::MAX_BYTES as u64,
    }
}

/// Unpacks a backup into the data directory, which must hold no database unless `force`.
/// Every entry is named and sized before anything is written, streamed to a staging folder
/// within its limit, the database is checked there, and only then does anything move into
/// place: a foreign, damaged or oversized archive leaves the data as it was.
pub async fn restore(config: &Config, file: &Path, force: bool) -> Result<String, String> {
    let db_path = sqlite_path(&config.database_url)
        .ok_or("PostgreSQL: restore the database with pg_restore; see README, 运维")?;
    if db_path.exists() && !force {
        return Err(format!(
            "{} already holds a database; restore refuses to overwrite it without --force",
            db_path.display()
        ));
    }
    let input = std::fs::File::open(file).map_err(io("open the backup"))?;
    let mut zip = zip::ZipArchive::new(input).map_err(|e| format!("not a Peixun backup: {e}"))?;
    let evidence = config.data_dir.join(EVIDENCE);
    let mut names = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| e.to_string())?;
        let name = entry.name().map_err(|e| e.to_string())?.into_owned();
        let known = name == DB_ENTRY
            || name == SECRET_ENTRY
            || name
                .strip_prefix("evidence/")
                .is_some_and(|n| mime_of(n).is_some());
        if !known {
            return Err(format!("unexpected entry in the backup: {name}"));
        }
        if entry.size() > entry_limit(&name) {
            return Err(too_big(&name));
        }
        names.push(name);
    }
    if !names.iter().any(|n| n == DB_ENTRY) {
        return Err("the backup holds no database".into());
    }
    let staging = config.data_dir.join(format!(
        ".restore-{}",
        hex::encode(rand::random::<[u8; 8]>())
    ));
    let checked = match unpack(&mut zip, &names, &staging) {
        Ok(bytes) => check_database(&staging.join(DB_ENTRY)).await.map(|_| bytes),
        Err(e) => Err(e),
    };
    let moved = checked.and_then(|bytes| {
        std::fs::create_dir_all(&evidence).map_err(io("create the evidence directory"))?;
        // A stale write-ahead log must not be replayed over the restored database.
        for ext in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", db_path.display()));
        }
        for name in &names {
            let target = match name.as_str() {
                DB_ENTRY => db_path.clone(),
                SECRET_ENTRY => config.data_dir.join(SECRET_ENTRY),
                image => evidence.join(image.trim_start_matches("evidence/")),
            };
            std::fs::rename(staging.join(name), target).map_err(io("move the restored file"))?;
        }
        Ok(bytes)
    });
    let _ = std::fs::remove_dir_all(&staging);
    let db_bytes = moved?;
    let images = names.iter().filter(|n| n.starts_with("evidence/")).count();
    let secret = match names.iter().any(|n| n == SECRET_ENTRY) {
        true => "the secret key".to_owned(),
        false => format!(
            "no secret key (the backup holds none; {} was left as it was, and codes signed \
             with another key will not be accepted)",
            config.data_dir.join(SECRET_ENTRY).display()
        ),
    };
    Ok(format!(
        "restored into {}: the database ({db_bytes} bytes, integrity checked), {secret}, \
         {images} evidence images",
        config.data_dir.display()
    ))
}

fn too_big(name: &str) -> String {
    format!(
        "{name} in the backup is larger than the {} bytes such an entry may hold; nothing was restored",
        entry_limit(name)
    )
}

/// Streams each entry to the staging folder through its limit; the zip reader checks each
/// entry's checksum as it ends. Returns the database's size.
fn unpack(
    zip: &mut zip::ZipArchive<std::fs::File>,
    names: &[String],
    staging: &Path,
) -> Result<u64, String> {
    std::fs::create_dir_all(staging.join(EVIDENCE)).map_err(io("create a staging directory"))?;
    let mut db_bytes = 0;
    for (i, name) in names.iter().enumerate() {
        let entry = zip.by_index(i).map_err(|e| e.to_string())?;
        let limit = entry_limit(name);
        let mut out = private_file(&staging.join(name)).map_err(io("unpack the backup"))?;
        let copied =
            std::io::copy(&mut entry.take(limit + 1), &mut out).map_err(io("read the backup"))?;
        if copied > limit {
            return Err(too_big(name));
        }
        out.sync_all().map_err(io("unpack the backup"))?;
        if name == DB_ENTRY {
            db_bytes = copied;
        }
    }
    Ok(db_bytes)
}

/// The unpacked database, opened read-only where it lies: SQLite's own integrity check, and
/// the migrations table every Peixun database has. Nothing is written to it.
async fn check_database(path: &Path) -> Result<(), String> {
    use sea_orm::{ConnectionTrait, Database, Statement};
    let refused =
        |why: String| format!("the backup's database cannot be used ({why}); nothing was restored");
    let url = format!("sqlite://{}?mode=ro", path.display());
    let db = Database::connect(&url)
        .await
        .map_err(|e| refused(e.to_string()))?;
    let backend = db.get_database_backend();
    let integrity = db
        .query_one_raw(Statement::from_string(backend, "PRAGMA integrity_check"))
        .await
        .map_err(|e| refused(e.to_string()))?
        .and_then(|row| row.try_get_by_index::<String>(0).ok());
    if integrity.as_deref() != Some("ok") {
        return Err(refused(integrity.unwrap_or_else(|| "no answer".into())));
    }
    db.query_one_raw(Statement::from_string(
        backend,
        "SELECT COUNT(*) FROM seaql_migrations",
    ))
    .await
    .map_err(|_| refused("not a Peixun database: it has no migrations table".into()))?;
    let _ = db.close().await;
    Ok(())
}

/// A new file only its owner can read (the backup and the key hold the server's secret).
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::sqlite_path;

    #[test]
    fn the_database_file_is_read_off_the_url() {
        assert_eq!(
            sqlite_path("sqlite://data/peixun.db?mode=rwc"),
            Some("data/peixun.db".into())
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://postgres@127.0.0.1/peixun"), None);
    }
}
