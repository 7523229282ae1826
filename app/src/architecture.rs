//! The dependency rule of ARCHITECTURE.md, checked on the code: every `crate::` path a module
//! names must point to a lower layer, and the files inside a module must not import each
//! other in a circle. A new sideways import fails `cargo test`.
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Bottom-up. A module may use the layers below its own, never its own layer's other
/// modules (the domains sit side by side on one layer) and never a layer above.
const LAYERS: &[&[&str]] = &[
    &["i18n", "time"],
    &["error", "db"],
    &["states"],
    &["entities"],
    &["ui", "password"],
    &["tabular", "state"],
    &["auth"],
    &["training"],
    &["checkin", "hours", "survey", "admin"],
    &["dashboard"],
    &["demo", "platform"],
    &["shell", "architecture"],
    &["lib"],
];

fn layer_of(module: &str) -> usize {
    LAYERS
        .iter()
        .position(|l| l.contains(&module))
        .unwrap_or_else(|| panic!("module `{module}` has no layer in ARCHITECTURE.md's rule"))
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its comments, so a doc comment naming a path is no import.
fn code(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `prefix::name::…` path in the text, with `prefix::{a::…, b}` groups opened.
fn paths_after(text: &str, prefix: &str) -> Vec<Vec<String>> {
    let ident = |s: &str| -> Vec<String> {
        s.split("::")
            .map(|p| {
                p.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect::<String>()
            })
            .take_while(|p| !p.is_empty())
            .collect()
    };
    let mut out = Vec::new();
    for (i, _) in text.match_indices(prefix) {
        let before = text[..i].chars().last();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = &text[i + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let end = group
                .char_indices()
                .find(|&(_, c)| {
                    depth += i32::from(c == '{') - i32::from(c == '}');
                    depth < 0
                })
                .map_or(group.len(), |(j, _)| j);
            let mut depth = 0;
            let mut start = 0;
            for (j, c) in group[..end].char_indices() {
                depth += i32::from(c == '{') - i32::from(c == '}');
                if c == ',' && depth == 0 {
                    out.push(ident(group[start..j].trim()));
                    start = j + 1;
                }
            }
            out.push(ident(group[start..end].trim()));
        } else {
            out.push(ident(rest));
        }
    }
    out.retain(|p| !p.is_empty());
    out
}

fn module_of(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_str()
        .unwrap();
    first.trim_end_matches(".rs").to_owned()
}

#[test]
fn modules_import_only_the_layers_below_them() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    // This file names paths in its strings and tests.
    files.retain(|f| !f.ends_with("architecture.rs"));
    let mut wrong = BTreeSet::new();
    for file in &files {
        let rel = file.strip_prefix(&root).unwrap();
        let from = module_of(rel);
        for path in paths_after(&code(file), "crate::") {
            let to = &path[0];
            if *to != from && layer_of(to) >= layer_of(&from) {
                wrong.insert(format!("{} uses crate::{to}", rel.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the rule:\n{wrong:#?}");
}

#[test]
fn no_file_imports_itself_through_a_circle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    // Edges between files of one module: `super::x` and `crate::module::x` where x is a file.
    // mod.rs only re-exports, so it is left out.
    let mut edges: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    for file in files.iter().filter(|f| !f.ends_with("mod.rs")) {
        let dir = file.parent().unwrap();
        let module_dir = root.join(module_of(file.strip_prefix(&root).unwrap()));
        let text = code(file);
        let mut targets: Vec<PathBuf> = paths_after(&text, "super::")
            .into_iter()
            .map(|p| dir.join(format!("{}.rs", p[0])))
            .collect();
        targets.extend(
            paths_after(&text, "crate::")
                .into_iter()
                .filter(|p| p.len() > 1 && root.join(&p[0]) == module_dir)
                .map(|p| module_dir.join(format!("{}.rs", p[1]))),
        );
        let set = edges.entry(file.clone()).or_default();
        set.extend(targets.into_iter().filter(|t| t.exists() && t != file));
    }
    fn visit(
        node: &PathBuf,
        edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        path: &mut Vec<PathBuf>,
        done: &mut BTreeSet<PathBuf>,
    ) -> Option<Vec<PathBuf>> {
        if let Some(i) = path.iter().position(|p| p == node) {
            return Some(path[i..].to_vec());
        }
        if !done.insert(node.clone()) {
            return None;
        }
        path.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(circle) = visit(next, edges, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for node in edges.keys() {
        let circle = visit(node, &edges, &mut Vec::new(), &mut done);
        assert!(circle.is_none(), "files in a circle: {circle:#?}");
    }
}

#[test]
fn the_checker_reads_grouped_and_nested_paths() {
    let paths = paths_after("use crate::{auth::{Me, Role}, ui::percent};", "crate::");
    assert_eq!(paths, [vec!["auth"], vec!["ui", "percent"]]);
    assert_eq!(
        paths_after("mycrate::no", "crate::"),
        Vec::<Vec<String>>::new()
    );
}
