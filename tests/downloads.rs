//! Real news-database downloads (see `tests/fixtures/downloads/README.md`): each splits into the
//! number of articles its package's tests assert, with the headlines, dates, outlets and
//! bylines they hold, and bodies free of the database's furniture.

mod common;

use std::io::Read;
use std::path::PathBuf;

use claimscope::import::{self, Download, ImportFile};

/// A fixture as a file of its own name (a `.gz` is unpacked into a temporary folder).
fn fixture(dir: &tempfile::TempDir, rel: &str) -> PathBuf {
    let src = common::root().join("tests/fixtures/downloads").join(rel);
    let Some(stem) = rel.strip_suffix(".gz") else { return src };
    let mut bytes = Vec::new();
    let file = std::fs::File::open(&src).expect("fixture");
    flate2::read::GzDecoder::new(file).read_to_end(&mut bytes).expect("gunzip");
    let name = std::path::Path::new(stem).file_name().expect("name");
    let out = dir.path().join(name);
    std::fs::write(&out, bytes).expect("write");
    out
}

fn download(rel: &str) -> Download {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = fixture(&dir, rel);
    match import::read_any(&path, None) {
        Ok(ImportFile::Articles(d)) => d,
        Ok(other) => panic!("{rel}: not split: {:?}", std::mem::discriminant(&other)),
        Err(e) => panic!("{rel}: {e}"),
    }
}

/// What one article must be: its place (from 1), headline, byline, ISO date and outlet.
struct Expect<'a> {
    n: usize,
    title: &'a str,
    byline: &'a str,
    date: &'a str,
    source: &'a str,
}

fn check(rel: &str, count: usize, furniture: &[&str], expect: &[Expect<'_>]) -> Download {
    let d = download(rel);
    let titles: Vec<&str> = d.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(d.articles.len(), count, "{rel}: {titles:?}");
    assert_eq!(d.stated, Some(count), "{rel}: the count the file states");
    assert!(d.shortfall().is_none(), "{rel}: {:?}", d.shortfall());
    for e in expect {
        let a = &d.articles[e.n - 1];
        assert_eq!(
            (a.title.as_str(), a.byline.as_str(), a.published.as_str(), a.source.as_str()),
            (e.title, e.byline, e.date, e.source),
            "{rel} #{}",
            e.n
        );
    }
    for (k, a) in d.articles.iter().enumerate() {
        assert!(!a.title.trim().is_empty() && !a.text.trim().is_empty(), "{rel} #{}: empty", k + 1);
        let iso = a.published.len() == 10 && a.published.as_bytes()[4] == b'-' && a.published.as_bytes()[7] == b'-';
        assert!(iso, "{rel} #{}: date {:?}", k + 1, a.published);
        for f in furniture {
            assert!(!a.text.contains(f), "{rel} #{}: {f:?} in the body", k + 1);
        }
        // A database's accession line ("Document IINM000020171113edbd0000d") is never a paragraph.
        for p in a.text.split("\n\n") {
            let words: Vec<&str> = p.split_whitespace().collect();
            let accession = words.len() == 2
                && (16..=40).contains(&words[1].len())
                && words[1].chars().all(|c| c.is_ascii_alphanumeric())
                && words[1].chars().any(|c| c.is_ascii_digit());
            assert!(!accession, "{rel} #{}: {p:?} in the body", k + 1);
        }
        assert_ne!(a.title, a.byline, "{rel} #{}: the byline taken as the headline", k + 1);
    }
    d
}

const FACTIVA_FURNITURE: &[&str] = &["All rights reserved", "(c) 20"];

#[test]
fn factiva_english_interface() {
    let irish = "Irish Independent";
    let d = check(
        "factiva/irish-independence_1_2017-11-14.html.gz",
        44,
        &[FACTIVA_FURNITURE, &["Independent Newspapers Ireland Limited"]].concat(),
        &[
            Expect { n: 1, title: "Is all sexual harassment equal?", byline: "", date: "2017-11-13", source: irish },
            Expect {
                n: 3,
                title: "Ex-diplomat says UK can still back out of Brexit",
                byline: "Guy Faulconbridge",
                date: "2017-11-11",
                source: irish,
            },
            Expect {
                n: 44,
                title: "Varadkar draws up battle lines with FF in wake of Martin speech",
                byline: "",
                date: "2017-10-16",
                source: irish,
            },
        ],
    );
    // The package's own test: every body is about the debate it was searched for.
    for a in &d.articles {
        assert!(["Dáil", "speech", "parliament", "debate"].iter().any(|w| a.text.contains(w)), "{}", a.title);
    }
    assert_eq!(d.articles[0].section, "News");
    let sz = "Süddeutsche Zeitung";
    check(
        "factiva/suddeutsche_1_2017-11-19.html.gz",
        51,
        &[FACTIVA_FURNITURE, &["Süddeutsche Zeitung GmbH"]].concat(),
        &[
            Expect {
                n: 1,
                title: "Aktuell Jamaika-Ende; Seit Sonntagabend ist klar: Es wird keine Regierung aus Union, FDP und Grünen geben. Wie es jetzt weitergehen kann",
                byline: "GCA",
                date: "2017-11-25",
                source: sz,
            },
            Expect {
                n: 51,
                title: "Partei drängt Mugabe zum Rücktritt; Simbabwes Diktator wird aus der Zanu-PF ausgeschlossen. Am Montag soll er sein Amt als Staatschef aufgeben",
                byline: "BAC, SZ",
                date: "2017-11-20",
                source: sz,
            },
        ],
    );
    let chosun = "Chosun Ilbo";
    check(
        "factiva/chosun_ilbo_1_2018-05-28.html.gz",
        59,
        &[FACTIVA_FURNITURE, &["Digital Chosun Inc."]].concat(),
        &[
            Expect {
                n: 1,
                title: "'이유들어 제대로 NO' 36%뿐… 인터넷에 '거절 장애' 고민 올리니 댓글엔 '거짓말의 기술'이 주르륵",
                byline: "표태준 기자",
                date: "2018-05-31",
                source: chosun,
            },
            Expect {
                n: 59,
                title: "文대통령, 방명록에 '조선민주주의 인민공화국' 적어",
                byline: "전현석",
                date: "2018-05-28",
                source: chosun,
            },
        ],
    );
}

#[test]
fn factiva_german_and_chinese_interfaces_and_an_old_encoding() {
    let nyt = "The New York Times";
    check(
        "factiva/nyt_1_1993-01-03.html.gz",
        27,
        &[FACTIVA_FURNITURE, &["New York Times Digital"]].concat(),
        &[
            Expect {
                n: 1,
                title: "EUROPEAN INQUIRY SAYS SERBS' FORCES HAVE RAPED 20,000",
                byline: "ALAN RIDING",
                date: "1993-01-09",
                source: nyt,
            },
            Expect { n: 27, title: "Japan's Nuclear Project", byline: "", date: "1993-01-03", source: nyt },
        ],
    );
    check(
        "factiva/german-ui.html.gz",
        100,
        &[FACTIVA_FURNITURE, &["Verlag der Tagesspiegel GmbH"]].concat(),
        &[
            Expect {
                n: 1,
                title: "Zu Fuß von Kreuzberg nach Kopenhagen",
                byline: "Sarah Pepin",
                date: "2017-04-01",
                source: "Der Tagesspiegel Online",
            },
            Expect {
                n: 100,
                title: "Haftbefehl nach Bus-Entführung; Niedersachsen-Irrfahrt",
                byline: "",
                date: "2017-04-03",
                source: "WELT online",
            },
        ],
    );
    check(
        "factiva/chinese-ui.html.gz",
        97,
        FACTIVA_FURNITURE,
        &[
            Expect {
                n: 1,
                title: "WDR 3 Forum: Erinnerungskultur in Computerspielen",
                byline: "",
                date: "2018-10-07",
                source: "WDR Radio Transkripte",
            },
            Expect {
                n: 97,
                title: "Trump announces new round of tariffs on Chinese goods",
                byline: "",
                date: "2018-09-18",
                source: "EJ Insight",
            },
        ],
    );
}

#[test]
fn factiva_older_table_layout() {
    let d = check(
        "factiva-tm/factiva_test.html",
        2,
        &["Document TESTFR", "Tous droits"],
        &[Expect { n: 1, title: "Test 1", byline: "", date: "2011-12-29", source: "Test newspaper" }],
    );
    assert_eq!(d.articles[1].title, "Test 2");
}
