//! `cargo run -p highlevel-codegen --release -- [--specs DIR] [--out REPO_ROOT]`
use std::path::PathBuf;

fn main() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut specs = repo.join("../shared/highlevel-openapi");
    let mut out = repo.clone();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--specs" => specs = PathBuf::from(args.next().expect("--specs needs a value")),
            "--out" => out = PathBuf::from(args.next().expect("--out needs a value")),
            "-h" | "--help" => {
                println!("usage: highlevel-codegen [--specs DIR] [--out REPO_ROOT]");
                return;
            }
            other => {
                eprintln!("unknown argument {other}");
                std::process::exit(2);
            }
        }
    }
    let overrides = repo.join("codegen/overrides.json");
    match highlevel_codegen::run(&specs, &overrides, &out) {
        Ok(stats) => println!("{stats}"),
        Err(e) => {
            eprintln!("codegen failed:\n{e}");
            std::process::exit(1);
        }
    }
}
