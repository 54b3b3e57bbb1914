//! `cargo run -p highlevel-codegen --release -- [--specs DIR] [--specs-v3 DIR] [--out REPO_ROOT]`
use std::path::PathBuf;

fn main() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut specs = repo.join("../shared/highlevel-openapi");
    let mut specs_v3 = repo.join("../shared/highlevel-openapi-v3");
    let mut out = repo.clone();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--specs" => specs = PathBuf::from(args.next().expect("--specs needs a value")),
            "--specs-v3" => {
                specs_v3 = PathBuf::from(args.next().expect("--specs-v3 needs a value"))
            }
            "--out" => out = PathBuf::from(args.next().expect("--out needs a value")),
            "-h" | "--help" => {
                println!(
                    "usage: highlevel-codegen [--specs DIR] [--specs-v3 DIR] [--out REPO_ROOT]"
                );
                return;
            }
            other => {
                eprintln!("unknown argument {other}");
                std::process::exit(2);
            }
        }
    }
    let overrides = repo.join("codegen/overrides.json");
    let overrides_v3 = repo.join("codegen/overrides-v3.json");
    // Without the v3 specs the v3 files are left as they are (and said so).
    let v3 = specs_v3
        .join("apps")
        .is_dir()
        .then_some((specs_v3.as_path(), overrides_v3.as_path()));
    if v3.is_none() {
        eprintln!(
            "codegen: no v3 specs at {}: v3 files left as they are",
            specs_v3.display()
        );
    }
    match highlevel_codegen::run_both(&specs, &overrides, v3, &out) {
        Ok(stats) => println!("{stats}"),
        Err(e) => {
            eprintln!("codegen failed:\n{e}");
            std::process::exit(1);
        }
    }
}
