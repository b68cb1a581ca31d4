//! Real news-database downloads (see `tests/fixtures/downloads/README.md`): each splits into the
//! number of articles its package's tests assert, with the headlines, dates, outlets and
//! bylines they hold, and bodies free of the database's furniture.

use crate::common;

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
    check_undated(rel, count, 0, furniture, expect)
}

/// The same, for a file of which `undated` articles have no date line.
fn check_undated(rel: &str, count: usize, undated: usize, furniture: &[&str], expect: &[Expect<'_>]) -> Download {
    let d = download(rel);
    let titles: Vec<&str> = d.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(d.articles.len(), count, "{rel}: {titles:?}");
    let none = d.articles.iter().filter(|a| a.published.is_empty()).count();
    assert_eq!(none, undated, "{rel}: articles without a date");
    assert_eq!(d.stated, Some(count), "{rel}: the count the file states");
    // Nothing to say of the count, but that the file is a part of its result list when it is.
    let said = d.shortfall();
    let only_the_part = d.listed.is_some() && said.as_deref().is_some_and(|s| s.starts_with("documents "));
    assert!(said.is_none() || only_the_part, "{rel}: {said:?}");
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
        assert!(iso || a.published.is_empty(), "{rel} #{}: date {:?}", k + 1, a.published);
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

#[test]
fn factiva_xml_with_its_stated_count() {
    let d = check("factiva-tm/factiva_test.xml", 3, &["(c) 2012"], &[]);
    assert_eq!(d.articles[0].title, "TEST - first test article");
    assert_eq!((d.articles[0].published.as_str(), d.articles[0].source.as_str()), ("2012-01-09", "My Newspaper"));
    assert!(d.articles[0].text.starts_with("This is the lead paragraph of the first test article."));
    // This one says 20 and holds 19: read all 19, and the report says the count differs.
    let r = download("factiva-tm/reut21578-factiva.xml");
    assert_eq!((r.articles.len(), r.stated), (19, Some(20)));
    let short = r.shortfall().expect("a shortfall is said");
    assert!(short.contains("19 of the 20 article(s) the file lists were read"), "{short}");
}

const LEXIS_FURNITURE: &[&str] =
    &["DOCUMENTS", "LOAD-DATE:", "LENGTH:", "BYLINE:", "LANGUAGE:", "Copyright 19", "Copyright 20"];

#[test]
fn nexis_uk_html_in_english_and_german() {
    let it = "The Irish Times";
    let d = check(
        "nexis-uk/irish-times_1995-06-12_0001.html.gz",
        166,
        LEXIS_FURNITURE,
        &[
            Expect {
                n: 1,
                title: "Casualties mount as clashes intensify around Sarajevo",
                byline: "KURT SCHORK, --(Reuter)",
                date: "1995-06-17",
                source: it,
            },
            Expect {
                n: 166,
                title: "Leitrim falter as Galway display signs of revival GALWAY: 0-12, LEITRIM: 0-11",
                byline: "SEAN MORAN",
                date: "1995-06-12",
                source: it,
            },
        ],
    );
    assert_eq!(d.articles[0].section, "FRONT PAGE; Pg. 1");
    let g = "The Guardian (London)";
    check(
        "nexis-uk/guardian_1986-01-01_0001.html.gz",
        262,
        LEXIS_FURNITURE,
        &[
            Expect {
                n: 1,
                title: "Eavesdroppers who heard the guilty secrets / Covert nuclear tests by the US and Britain detected",
                byline: "JEREMY LEGGET",
                date: "1986-01-31",
                source: g,
            },
            Expect {
                n: 262,
                title: "Westland force PM to show her hand / Ministerial dispute over future of helicopter company",
                byline: "JOHN CARVEL and DAVID SIMPSON",
                date: "1986-01-02",
                source: g,
            },
        ],
    );
    let d = check(
        "nexis-uk/spiegel_2012-02-01_0001.html.gz",
        49,
        &[LEXIS_FURNITURE, &["AUTOR:", "LÄNGE:", "RUBRIK:", "Alle Rechte vorbehalten"]].concat(),
        &[
            Expect {
                n: 1,
                title: "Warnschuss für Merkels Euro-Kurs",
                byline: "Annett Meiritz",
                date: "2012-02-27",
                source: "Spiegel Online",
            },
            Expect {
                n: 49,
                title: "Warum Wulff seine Affäre nicht los wird",
                byline: "Veit Medick ; Severin Weiland",
                date: "2012-02-01",
                source: "Spiegel Online",
            },
        ],
    );
    assert_eq!(d.articles[0].section, "GRIECHENLAND-VOTUM IM BUNDESTAG");
    let afp = "Agence France Presse -- English";
    check(
        "nexis-uk/afp_2013-03-12_0501.html.gz",
        74,
        LEXIS_FURNITURE,
        &[
            Expect {
                n: 1,
                title: "Syria opposition hails French, UK move to arm rebels",
                byline: "",
                date: "2013-03-14",
                source: afp,
            },
            Expect {
                n: 74,
                title: "Syria jets bomb Homs as mortar strikes rock Damascus",
                byline: "",
                date: "2013-03-12",
                source: afp,
            },
        ],
    );
}

#[test]
fn lexisnexis_html_excerpts_in_english_and_french_and_an_error_document() {
    let d = check(
        "lexisnexis-tm/lexisnexis_test_en.html",
        2,
        LEXIS_FURNITURE,
        &[
            Expect { n: 1, title: "Heading One", byline: "PAPER AUTHOR", date: "1991-12-19", source: "Some Newspaper" },
            Expect { n: 2, title: "First part; Second part", byline: "", date: "1993-01-28", source: "Some Newspaper" },
        ],
    );
    assert!(!d.articles[1].text.contains("CORRECTION"), "{}", d.articles[1].text);
    check(
        "lexisnexis-tm/lexisnexis_test_fr.html",
        3,
        &[LEXIS_FURNITURE, &["LONGUEUR:", "RUBRIQUE:", "DATE-CHARGEMENT:", "Tous Droits"]].concat(),
        &[Expect { n: 1, title: "Title of first article", byline: "", date: "2013-04-12", source: "My newpaper" }],
    );
    // The second document is the database's error notice: one article, and the report says so.
    let d = download("lexisnexis-tm/lexisnexis_test_copyright_error.html");
    assert_eq!((d.articles.len(), d.stated), (1, Some(2)));
    let a = &d.articles[0];
    assert_eq!((a.source.as_str(), a.published.as_str()), ("The Daily Planet", "2018-12-31"));
    assert!(a.text.contains("Megabank One"), "the story is a table: {}", a.text);
    assert!(!a.text.contains("resize") && !a.source.contains("resize"), "no style sheet text");
    let short = d.shortfall().expect("said");
    assert!(short.contains("1 of the 2") && short.contains("We are sorry"), "{short}");
    // Both documents of the list are in the file, one not readable: not a part of the list.
    assert_eq!(d.listed, None, "{short}");
    // A character reference to no character in a download's story is noted, as on a page
    // (found by an attack: the download's door noted none).
    let dir = tempfile::tempdir().expect("temp dir");
    let src = std::fs::read_to_string(fixture(&dir, "lexisnexis-tm/lexisnexis_test_en.html")).expect("read");
    let path = dir.path().join("refs.html");
    std::fs::write(&path, src.replacen("Some more text.", "Some &#0; more text.", 1)).expect("write");
    let Ok(ImportFile::Articles(d)) = import::read_any(&path, None) else { panic!("not split") };
    let a = d.articles.iter().find(|a| a.text.contains('\u{FFFD}')).expect("the reference read");
    assert!(a.notes.iter().any(|n| n.starts_with("the text holds 1 replacement character")), "{:?}", a.notes);
}

const NEXIS_UNI_FURNITURE: &[&str] = &[
    "End of Document",
    "Load-Date:",
    "Length:",
    "Byline:",
    "Classification",
    "Related Articles",
    "FULL TEXT",
    "Copyright 20",
    "Copyright 19",
    "Correction-Date:",
];

#[test]
fn nexis_uni_downloads_with_and_without_a_cover_list() {
    let nyt = "The New York Times";
    let d = check_undated(
        "nexis-uni/nyt1.docx",
        50,
        1,
        NEXIS_UNI_FURNITURE,
        &[
            Expect {
                n: 1,
                title: "Canada Attacks U.S. Tariffs by Taking Case to World Trade Organization",
                byline: "ANA SWANSON and IAN AUSTEN",
                date: "2018-01-10",
                source: nyt,
            },
            Expect {
                n: 50,
                title: "Talks Collapse on U.S. Efforts To Open Europe to Biotech Food - Correction Appended",
                byline: "DAVID LEONHARDT",
                date: "2003-06-20",
                source: nyt,
            },
        ],
    );
    assert_eq!(d.articles[0].section, "US; politics");
    check(
        "nexis-uni/washington-post.docx",
        50,
        NEXIS_UNI_FURNITURE,
        &[Expect {
            n: 1,
            title: "U.S., Europe Agree To Negotiate Over Airplane Subsidies; 3 Months of Talks Put Off Litigation",
            byline: "Paul Blustein, Washington Post Staff Writer",
            date: "2005-01-12",
            source: "The Washington Post",
        }],
    );
    check(
        "nexis-uni/usa-today.docx",
        7,
        NEXIS_UNI_FURNITURE,
        &[Expect {
            n: 1,
            title: "Bush plays free-trade game",
            byline: "George Hager",
            date: "2002-05-02",
            source: "USA TODAY",
        }],
    );
    check(
        "nexis-uni/misc.docx",
        100,
        NEXIS_UNI_FURNITURE,
        &[Expect {
            n: 1,
            title: "Voters cast ballots for Yukon Party",
            byline: "",
            date: "2002-11-05",
            source: "The Gazette (Montreal, Quebec)",
        }],
    );
    check(
        "nexis-uni/nyt2.docx",
        100,
        NEXIS_UNI_FURNITURE,
        &[Expect {
            n: 1,
            title: "The Trade War’s Next Battle Could Be China’s Access to Wall Street",
            byline: "Keith Bradsher and Ana Swanson",
            date: "2019-05-28",
            source: nyt,
        }],
    );
}

#[test]
fn nexis_uni_downloads_of_the_guardian() {
    let d = check(
        "nexis-uni/guardian1.docx",
        2,
        &[NEXIS_UNI_FURNITURE, &["ABSTRACT"]].concat(),
        &[Expect {
            n: 1,
            title: "Worried about immigration? Try living in a developing country",
            byline: "Jonathan Glennie, theguardian.com",
            date: "2014-05-30",
            source: "Guardian.com.",
        }],
    );
    assert!(!d.articles[1].text.contains("Subject:"), "index terms are not the story");
    check(
        "nexis-uni/guardian2.docx",
        1,
        NEXIS_UNI_FURNITURE,
        &[Expect {
            n: 1,
            title: "You, Me & The Apocalypse: backstage at the end of the world; Rhik Samadder heads to 'Apocalypse' Slough to meet the cast of Sky1's new comedy-drama and try to find its star, Rob Lowe",
            byline: "Rhik Samadder",
            date: "2015-09-30",
            source: "The Guardian",
        }],
    );
    // Three of its articles have no date line: they come in undated, with their headline and
    // outlet, never with the outlet taken for the date.
    let d = check_undated(
        "nexis-uni/guardian3.docx",
        62,
        3,
        NEXIS_UNI_FURNITURE,
        &[Expect {
            n: 1,
            title: "Simon Hoggart's diary: Where Austria leads, Labour follows",
            byline: "Simon Hoggart",
            date: "2005-04-16",
            source: "The Guardian (London) - Final Edition",
        }],
    );
    assert!(d.articles.iter().all(|a| !a.published.to_lowercase().contains("guardian")));
}

#[test]
fn a_download_missing_an_article_says_so_with_its_first_line() {
    // A real download with one article's head cut away: the cover list says 7, 6 are read,
    // and the report names where the seventh was.
    let dir = tempfile::tempdir().expect("temp dir");
    let cut = common::nexis_uni_missing_one(dir.path());
    let Ok(ImportFile::Articles(d)) = import::read_any(&cut, None) else { panic!("a download") };
    assert_eq!((d.articles.len(), d.stated), (6, Some(7)));
    let short = d.shortfall().expect("said");
    assert!(
        short.contains("6 of the 7 article(s) the file lists were read") && short.contains("document 3"),
        "{short}"
    );
    // The command line's report says it too, and so does the JSON the plan gives.
    let proj = dir.path().join("p.ron");
    assert!(common::run(&["new", common::p(&proj)]).status.success());
    let o = common::run(&["import", common::p(&proj), common::p(&cut), "--dry-run"]);
    assert!(common::text(&o).0.contains("6 of the 7 article(s) the file lists were read"), "{:?}", common::text(&o));
    let o = common::run(&["import", common::p(&proj), common::p(&cut), "--dry-run", "--report", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON report");
    let d = &v["files"][0]["download"];
    assert_eq!((d["read"].as_u64(), d["stated"].as_u64()), (Some(6), Some(7)), "{v}");
    assert_eq!(d["unsplit"][0]["at"], "document 3 of the file", "{v}");
}

/// A LexisNexis text download made in the documented layout (the outlets and stories are
/// invented): `docs` of (outlet, date line, headline, key lines, body).
fn lexisnexis_txt(bom: bool, docs_word: &str, of: &str, docs: &[(&str, &str, &str, &[&str], &str)]) -> Vec<u8> {
    let mut s = String::new();
    if bom {
        s.push('\u{feff}');
    }
    let m = docs.len();
    for (k, (outlet, date, headline, keys, body)) in docs.iter().enumerate() {
        s += &format!("\r\n                              {} {of} {m} {docs_word}\r\n\r\n\r\n", k + 1);
        s += &format!("                              {outlet}\r\n\r\n                           {date}\r\n\r\n");
        s += &format!("{headline}\r\n\r\n");
        for key in *keys {
            s += &format!("{key}\r\n\r\n");
        }
        s += &format!("\r\n{body}\r\n\r\n\r\n                   Copyright 2020 {outlet}\r\n");
    }
    s.into_bytes()
}

fn read_txt(bytes: &[u8]) -> Download {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("download.txt");
    std::fs::write(&path, bytes).expect("write");
    match import::read_any(&path, None) {
        Ok(ImportFile::Articles(d)) => d,
        other => panic!("not split: {:?}", other.map(|_| ())),
    }
}

/// A headline in capitals before a colon, a transcript's short turns, a weekly's issue over two
/// months, a Danish download, and a file of a part of its result list (ninth round: the
/// headline and the turns had been dropped as keys, unsaid; the date glued to the title; the
/// Danish file read as one article; the part passed as the whole list).
#[test]
fn lexisnexis_text_headlines_turns_spans_and_parts_are_read_whole() {
    let body = "The ministry called it self-defence.\r\nOfficials gave no evidence.";
    let d = read_txt(&lexisnexis_txt(
        false,
        "DOCUMENTS",
        "of",
        &[
            (
                "Daily Mirror",
                "January 4, 2020 Saturday",
                "EXCLUSIVE: Minister quits over port scandal",
                &["BYLINE: Ana Ruiz", "LENGTH: 40 words"],
                body,
            ),
            (
                "CNN",
                "January 4, 2020 Saturday 8:00 PM EST",
                "Strike near airport",
                &["SHOW: THE SITUATION ROOM", "LENGTH: 2000 words", "BLITZER: Good evening.", "STARR: Hi, Wolf."],
                "BLITZER: What do we know tonight about the strike and what it means?",
            ),
            ("The Economist", "January 31-February 6, 2020", "Ports under pressure", &["LENGTH: 900 words"], body),
        ],
    ));
    assert_eq!((d.articles.len(), d.stated), (3, Some(3)), "{:?}", d.unsplit);
    assert_eq!(d.articles[0].title, "EXCLUSIVE: Minister quits over port scandal");
    assert_eq!(d.articles[0].byline, "Ana Ruiz");
    assert!(
        d.articles[1].text.starts_with("BLITZER: Good evening.\n\nSTARR: Hi, Wolf.\n\nBLITZER: What"),
        "{}",
        d.articles[1].text
    );
    assert_eq!(
        (d.articles[2].title.as_str(), d.articles[2].published.as_str()),
        ("Ports under pressure", "2020-01-31")
    );
    // Danish: "1 af 3 DOKUMENTER".
    let da = lexisnexis_txt(
        false,
        "DOKUMENTER",
        "af",
        &[
            ("Politiken", "4. januar 2020 lørdag", "Overskrift nummer 1", &["LÆNGDE: 40 ord"], "Historie 1."),
            ("Politiken", "5. januar 2020 søndag", "Overskrift nummer 2", &["LÆNGDE: 40 ord"], "Historie 2."),
        ],
    );
    let d = read_txt(&da);
    assert_eq!(d.articles.len(), 2, "{:?}", d.articles.iter().map(|a| &a.title).collect::<Vec<_>>());
    assert_eq!(d.articles[1].title, "Overskrift nummer 2");
    // Documents 1 and 2 of a list of 5: imported, and said to be a part.
    let text = String::from_utf8(lexisnexis_txt(
        false,
        "DOCUMENTS",
        "of",
        &[
            ("The Daily Meridian", "January 4, 2020", "Headline 1", &["LENGTH: 4 words"], "Story one."),
            ("The Daily Meridian", "January 5, 2020", "Headline 2", &["LENGTH: 4 words"], "Story two."),
        ],
    ))
    .expect("utf-8")
    .replace(" of 2 DOCUMENTS", " of 5 DOCUMENTS");
    let d = read_txt(text.as_bytes());
    assert_eq!((d.articles.len(), d.stated, d.listed), (2, Some(2), Some((1, 2, 5))));
    let said = d.shortfall().expect("the part is said");
    assert!(said.contains("documents 1–2 of the 5"), "{said}");
}

/// A headline that begins as a key does ("UPDATE: …"), a transcript's turns that are cut off or
/// read as prose, a story line after a key the database uses ("SOURCE: Officials … said …."),
/// and a weekly's issue whose first day is in the year before (tenth round: each had been
/// dropped as a key, unsaid, and "December 30-January 5, 2020" read as 2020-12-30).
#[test]
fn lexisnexis_text_keys_are_the_database_s_only_with_values_of_their_kind() {
    let keys: &[&str] = &["BYLINE: Ana Ruiz", "LENGTH: 120 words"];
    let d = read_txt(&lexisnexis_txt(
        false,
        "DOCUMENTS",
        "of",
        &[
            (
                "The Daily Meridian",
                "January 4, 2020",
                "UPDATE: Minister quits over port blast",
                keys,
                "The ministry spoke.",
            ),
            (
                "CNN",
                "January 4, 2020",
                "Port blast special",
                keys,
                "BLITZER: Barbara Starr, at the Pentagon\r\n\r\nANNOUNCER: This is CNN breaking news\r\n\r\nBLITZER: Barbara, what are you hearing --\r\n\r\nSTARR: Wolf, the toll will rise.",
            ),
            (
                "The Daily Meridian",
                "December 30-January 5, 2020",
                "Inquiry to report next week",
                keys,
                "SOURCE: Officials close to the inquiry said the report would be out next week.\r\n\r\nThe ministry declined to comment.",
            ),
        ],
    ));
    assert_eq!(d.articles.len(), 3, "{:?}", d.unsplit);
    assert_eq!(d.articles[0].title, "UPDATE: Minister quits over port blast");
    assert!(
        d.articles[1].text.starts_with(
            "BLITZER: Barbara Starr, at the Pentagon\n\nANNOUNCER: This is CNN breaking news\n\nBLITZER: Barbara"
        ),
        "{}",
        d.articles[1].text
    );
    assert!(d.articles[2].text.starts_with("SOURCE: Officials close"), "{}", d.articles[2].text);
    assert_eq!(d.articles[2].published, "2019-12-30");
    // A date line of a day that does not exist is no date, and said; the headline stays its
    // own (the line had been glued into it, unsaid).
    let d = read_txt(&lexisnexis_txt(
        false,
        "DOCUMENTS",
        "of",
        &[("The Daily Meridian", "February 29, 2021", "Port reopens", keys, "The port reopened.")],
    ));
    let a = &d.articles[0];
    assert_eq!((a.title.as_str(), a.source.as_str(), a.published.as_str()), ("Port reopens", "The Daily Meridian", ""));
    assert!(a.notes.iter().any(|n| n.contains("“February 29, 2021”")), "{:?}", a.notes);
}

#[test]
fn lexisnexis_text_downloads_in_other_languages_with_a_bom_and_of_one_article() {
    // One article, a byte-order mark, and "DOCUMENT" in the singular.
    let one = lexisnexis_txt(
        true,
        "DOCUMENT",
        "of",
        &[(
            "The Daily Meridian",
            "January 4, 2020 Saturday",
            "Ministry defends strike",
            &["BYLINE: Ana Ruiz", "LENGTH: 40 words"],
            "The ministry called it self-defence.\r\nOfficials gave no evidence.",
        )],
    );
    let d = read_txt(&one);
    assert_eq!((d.articles.len(), d.stated), (1, Some(1)));
    assert_eq!(d.articles[0].title, "Ministry defends strike");
    assert_eq!(d.articles[0].byline, "Ana Ruiz");
    // German labels and dates, "von … DOKUMENTEN".
    let de = lexisnexis_txt(
        false,
        "DOKUMENTEN",
        "von",
        &[
            (
                "Spiegel Online",
                "27. Februar 2012 Montag 9:50 PM GMT+1",
                "Warnschuss für den Kurs",
                &["AUTOR: Annett Meiritz", "RUBRIK: POLITIK", "LÄNGE: 120 Wörter"],
                "Berlin - Der Bundestag hat abgestimmt.\r\nDie Mehrheit fehlte.",
            ),
            (
                "Die Welt",
                "28. Februar 2012 Dienstag",
                "Nach der Abstimmung",
                &["AUTOR: Jan Dams", "LÄNGE: 80 Wörter"],
                "Die Koalition streitet weiter.",
            ),
        ],
    );
    let d = read_txt(&de);
    assert_eq!((d.articles.len(), d.stated), (2, Some(2)), "{:?}", d.unsplit);
    let a = &d.articles[0];
    assert_eq!(
        (a.title.as_str(), a.source.as_str(), a.published.as_str(), a.byline.as_str(), a.section.as_str()),
        ("Warnschuss für den Kurs", "Spiegel Online", "2012-02-27", "Annett Meiritz", "POLITIK")
    );
    assert!(!a.text.contains("LÄNGE") && !a.text.contains("Copyright"), "{}", a.text);
    // Dutch.
    let nl = lexisnexis_txt(
        false,
        "DOCUMENTEN",
        "van",
        &[
            (
                "NRC Handelsblad",
                "12 maart 2014 woensdag",
                "Kabinet verdedigt besluit",
                &["RUBRIEK: Binnenland; Blz. 3", "LENGTE: 300 woorden"],
                "Het kabinet verdedigde het besluit.",
            ),
            (
                "de Volkskrant",
                "13 maart 2014 donderdag",
                "Oppositie kritisch",
                &["LENGTE: 200 woorden"],
                "De oppositie is kritisch.",
            ),
        ],
    );
    let d = read_txt(&nl);
    assert_eq!(d.articles.len(), 2);
    assert_eq!(
        (d.articles[0].published.as_str(), d.articles[0].section.as_str()),
        ("2014-03-12", "Binnenland; Blz. 3")
    );
}

#[test]
fn lexisnexis_text_documents_without_keys_or_dates_still_come_in() {
    // 26 documents, some with neither a date line nor any key lines (as real downloads have):
    // every one is read.
    let mut docs: Vec<(String, String, String, Vec<&str>, String)> = Vec::new();
    for k in 0..26 {
        let date = if k % 5 == 0 { String::new() } else { format!("March {}, 2019 Tuesday", k % 28 + 1) };
        let keys: Vec<&str> = if k % 3 == 0 { Vec::new() } else { vec!["LENGTH: 50 words"] };
        docs.push((
            format!("Outlet {k}"),
            date,
            format!("Headline {k}"),
            keys,
            format!("Story number {k} in its own words."),
        ));
    }
    let refs: Vec<(&str, &str, &str, &[&str], &str)> =
        docs.iter().map(|(o, d, h, k, b)| (o.as_str(), d.as_str(), h.as_str(), k.as_slice(), b.as_str())).collect();
    let d = read_txt(&lexisnexis_txt(false, "DOCUMENTS", "of", &refs));
    assert_eq!((d.articles.len(), d.stated), (26, Some(26)), "{:?}", d.unsplit);
    assert!(
        d.articles.iter().all(|a| a.text.starts_with("Story number")),
        "{:?}",
        d.articles.iter().map(|a| &a.text).collect::<Vec<_>>()
    );
}

/// A LexisNexis text download with an article missing between two it holds ("1 of 3" and
/// "3 of 3", or "1 of 5000" and "3 of 5000") had passed as complete: a file of part of a result
/// list states the numbers from its first to its last, so the gap is counted; a part without
/// gaps ("2 of 3" to "3 of 3") still states its own.
#[test]
fn lexisnexis_text_with_an_article_missing_between_others_says_so() {
    let docs: Vec<(String, String)> = (0..3).map(|k| (format!("Headline {k}"), format!("Story {k}."))).collect();
    let refs: Vec<(&str, &str, &str, &[&str], &str)> =
        docs.iter().map(|(h, b)| ("Outlet", "March 3, 2019 Tuesday", h.as_str(), &[][..], b.as_str())).collect();
    let whole = String::from_utf8(lexisnexis_txt(false, "DOCUMENTS", "of", &refs)).expect("text");
    let at = |n: usize| whole.find(&format!("{n} of 3 DOCUMENTS")).expect("its line");
    let line_start = |i: usize| whole[..i].rfind('\n').map_or(0, |k| k + 1);
    let (second, third) = (line_start(at(2)), line_start(at(3)));
    let gap = format!("{}{}", &whole[..second], &whole[third..]);
    let d = read_txt(gap.as_bytes());
    assert_eq!((d.articles.len(), d.stated), (2, Some(3)), "the second is missing");
    let d = read_txt(gap.replace(" of 3 DOCUMENTS", " of 5000 DOCUMENTS").as_bytes());
    assert_eq!((d.articles.len(), d.stated), (2, Some(3)), "a part of a long list, with a gap");
    let part = &whole[second..];
    let d = read_txt(part.as_bytes());
    assert_eq!((d.articles.len(), d.stated), (2, Some(2)), "a part without a gap");
    // Numbers at the ends of the integers: the run from first to last had wrapped to nothing.
    let max = usize::MAX;
    let huge = whole
        .replace("1 of 3 DOCUMENTS", &format!("0 of {max} DOCUMENTS"))
        .replace("2 of 3 DOCUMENTS", &format!("{max} of {max} DOCUMENTS"))
        .replace("3 of 3 DOCUMENTS", &format!("{max} of {max} DOCUMENTS"));
    let d = read_txt(huge.as_bytes());
    assert_eq!(d.articles.len(), 3);
    assert!(d.stated.is_some_and(|s| s > 3) && d.shortfall().is_some(), "{:?}", d.stated);
}

/// A real Nexis UK download (166 documents) with ten documents cut from its middle: it had
/// passed as complete (the documents found were taken for the count stated); its "N of 166
/// DOCUMENTS" lines are read now, and the gap is counted.
#[test]
fn nexis_uk_html_with_documents_cut_from_its_middle_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = fixture(&dir, "nexis-uk/irish-times_1995-06-12_0001.html.gz");
    let html = String::from_utf8_lossy(&std::fs::read(&path).expect("read")).into_owned();
    let starts: Vec<usize> = html.match_indices("<DOCFULL> -->").map(|(i, _)| i).collect();
    assert_eq!(starts.len(), 166, "the fixture");
    let cut = format!("{}{}", &html[..starts[50]], &html[starts[60]..]);
    std::fs::write(&path, cut).expect("write");
    let ImportFile::Articles(d) = import::read_any(&path, None).expect("reads") else { panic!("a download") };
    assert_eq!((d.articles.len(), d.stated), (156, Some(166)));
    assert!(d.shortfall().is_some(), "said");
}

/// A Guardian download of "N of 262 DOCUMENTS" cut inside its 254th document passed as
/// complete ("read 254, stated 254": a run 1..254 was taken for a part of the result list
/// chosen for download), its last article ending mid-sentence. A file that ends inside a
/// document is cut: the count is the 262 it states, and the last article says it may be cut.
#[test]
fn nexis_uk_html_cut_inside_a_document_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = fixture(&dir, "nexis-uk/irish-times_1995-06-12_0001.html.gz");
    let html = String::from_utf8_lossy(&std::fs::read(&path).expect("read")).into_owned();
    let starts: Vec<usize> = html.match_indices("<DOCFULL> -->").map(|(i, _)| i).collect();
    // Inside document 120: its text begins, its end marker and the rest are gone.
    let mut at = starts[119] + (starts[120] - starts[119]) * 2 / 3;
    while !html.is_char_boundary(at) {
        at += 1;
    }
    std::fs::write(&path, &html[..at]).expect("write");
    let ImportFile::Articles(d) = import::read_any(&path, None).expect("reads") else { panic!("a download") };
    assert_eq!((d.articles.len(), d.stated), (120, Some(166)));
    assert!(d.shortfall().is_some(), "said");
    let last = d.articles.last().expect("an article");
    assert!(last.notes.iter().any(|n| n.contains("ends inside this document")), "{:?}", last.notes);
    // The whole file is not taken for cut.
    let whole = fixture(&dir, "nexis-uk/irish-times_1995-06-12_0001.html.gz");
    let ImportFile::Articles(d) = import::read_any(&whole, None).expect("reads") else { panic!("a download") };
    assert!(d.articles.iter().all(|a| a.notes.iter().all(|n| !n.contains("ends inside"))));
}

/// A Factiva page cut inside an article said "56 of the 55 article(s) the file lists" (the
/// cut article has no Document line) and nothing of what followed: the last article now says
/// the page ends inside it, the rest of the page is listed as not read, and the count is never
/// below the articles read.
#[test]
fn a_factiva_page_cut_inside_an_article_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = fixture(&dir, "factiva/chosun_ilbo_1_2018-05-28.html.gz");
    let html = String::from_utf8_lossy(&std::fs::read(&path).expect("read")).into_owned();
    let codes: Vec<usize> = html.match_indices("<p>Document ").map(|(i, _)| i).collect();
    assert_eq!(codes.len(), 59, "the fixture");
    // Inside the 57th article: after the 56th's Document line, before the 57th's.
    let mut at = codes[55] + (codes[56] - codes[55]) * 2 / 3;
    while !html.is_char_boundary(at) {
        at += 1;
    }
    std::fs::write(&path, &html[..at]).expect("write");
    let ImportFile::Articles(d) = import::read_any(&path, None).expect("reads") else { panic!("a download") };
    assert_eq!(d.articles.len(), 57);
    assert!(d.stated.is_some_and(|s| s >= d.articles.len()), "{:?}", d.stated);
    assert!(d.unsplit.iter().any(|u| u.first_line.contains("cut short")), "{:?}", d.unsplit);
    let last = d.articles.last().expect("an article");
    assert!(last.notes.iter().any(|n| n.contains("ends inside this article")), "{:?}", last.notes);
}

/// A browser's single-file save (`.mhtml`) of a page whose one part is `html`.
fn mhtml_of(html: &[u8]) -> Vec<u8> {
    let mut b = b"From: <Saved by Blink>\r\nSnapshot-Content-Location: https://example.org/dl\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related; type=\"text/html\"; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/html; charset=\"utf-8\"\r\nContent-Transfer-Encoding: binary\r\nContent-Location: https://example.org/dl\r\n\r\n".to_vec();
    b.extend_from_slice(html);
    b.extend_from_slice(b"\r\n--B--\r\n");
    b
}

/// Downloads in other containers split as the download does: a Factiva and a Nexis UK page
/// saved by a browser as one `.mhtml` file, a LexisNexis text download saved as RTF (each had
/// come in as one article holding every story, with no count said).
#[test]
fn downloads_saved_in_other_containers_split_as_the_download_does() {
    let dir = tempfile::tempdir().expect("temp dir");
    for rel in ["factiva/nyt_1_1993-01-03.html.gz", "nexis-uk/guardian_1986-01-01_0001.html.gz"] {
        let page = std::fs::read(fixture(&dir, rel)).expect("the page");
        let direct = download(rel);
        let path = dir.path().join("saved.mhtml");
        std::fs::write(&path, mhtml_of(&page)).expect("write");
        match import::read_any(&path, None) {
            Ok(ImportFile::Articles(d)) => {
                assert_eq!((d.articles.len(), d.stated), (direct.articles.len(), direct.stated), "{rel}");
                assert_eq!(d.articles[0].title, direct.articles[0].title, "{rel}");
            }
            other => panic!("{rel} in an .mhtml: not split: {:?}", other.map(|_| ())),
        }
    }
    let text = lexisnexis_txt(
        false,
        "DOCUMENTS",
        "of",
        &[
            (
                "The Daily Meridian",
                "January 4, 2020 Saturday",
                "Ministry defends strike",
                &["LENGTH: 40 words"],
                "The ministry called it self-defence.",
            ),
            (
                "Harbour Times",
                "January 5, 2020 Sunday",
                "Rapporteur doubts legal basis",
                &["LENGTH: 30 words"],
                "A rapporteur said it was unlawful.",
            ),
        ],
    );
    let text = String::from_utf8(text).expect("utf-8");
    let mut rtf = String::from("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Arial;}}\\f0\n");
    for line in text.lines() {
        rtf.push_str(&line.replace('\\', "\\\\").replace('{', "\\{").replace('}', "\\}"));
        rtf.push_str("\\par\n");
    }
    rtf.push('}');
    let path = dir.path().join("download.rtf");
    std::fs::write(&path, rtf).expect("write");
    match import::read_any(&path, None) {
        Ok(ImportFile::Articles(d)) => {
            assert_eq!((d.articles.len(), d.stated), (2, Some(2)));
            assert_eq!(d.articles[1].title, "Rapporteur doubts legal basis");
        }
        other => panic!("a LexisNexis download as RTF: not split: {:?}", other.map(|_| ())),
    }
}
