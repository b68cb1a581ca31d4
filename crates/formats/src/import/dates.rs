//! The date lines of news-database downloads, in the interface languages analysts use: English,
//! German, French, Dutch, Spanish, Italian, Portuguese, Swedish and Danish month and weekday
//! names, and the year / month / day of Chinese, Japanese and Korean ("2018 年 9 月 18 日",
//! "2018년 5월 31일", a weekday after it). A magazine's issue is dated by a month ("January
//! 2020", read as 2020-01), a season ("Winter 2019", read as 2019) or a span of days ("January
//! 4-10, 2020", read as its first day): a line the readers did not know as a date had shifted
//! the outlet and the headline into the wrong fields. A date
//! line is a date, perhaps a weekday, a time and a zone, and perhaps an edition after it ("May 2,
//! 2002, Thursday,, FINAL EDITION"; "27. Februar 2012 Montag 9:50 PM GMT+1"): anything else on
//! the line makes it not a date line, so that a sentence holding a date is never taken for one.

/// Month names, lower case, by month (1-based index + 1), in every language read.
const MONTHS: [&[&str]; 12] = [
    &["january", "jan", "januar", "jänner", "janvier", "janv", "januari", "enero", "gennaio", "janeiro"],
    &["february", "feb", "februar", "février", "fevrier", "févr", "februari", "febrero", "febbraio", "fevereiro"],
    &["march", "mar", "märz", "maerz", "mars", "maart", "marzo", "março", "marco", "marts"],
    &["april", "apr", "avril", "abril", "aprile"],
    &["may", "mai", "mei", "mayo", "maggio", "maio", "maj"],
    &["june", "jun", "juni", "juin", "junio", "giugno", "junho"],
    &["july", "jul", "juli", "juillet", "julio", "luglio", "julho"],
    &["august", "aug", "août", "aout", "augustus", "agosto", "augusti"],
    &["september", "sep", "sept", "septembre", "septiembre", "setiembre", "settembre", "setembro"],
    &["october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "outubro"],
    &["november", "nov", "novembre", "noviembre", "novembro"],
    &["december", "dec", "dezember", "dez", "décembre", "decembre", "diciembre", "dicembre", "dezembro"],
];

/// Words a date line may hold beside its date: weekdays, clock and zone words. (The small words
/// between a date's parts, "3 de enero de 2018", are looked past where the date is read.)
const BESIDE: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonnabend",
    "sonntag",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
    "lunes",
    "martes",
    "miércoles",
    "miercoles",
    "jueves",
    "viernes",
    "sábado",
    "sabado",
    "domingo",
    "lunedì",
    "lunedi",
    "martedì",
    "martedi",
    "mercoledì",
    "mercoledi",
    "giovedì",
    "giovedi",
    "venerdì",
    "venerdi",
    "sabato",
    "domenica",
    "måndag",
    "tisdag",
    "onsdag",
    "torsdag",
    "fredag",
    "lördag",
    "söndag",
    "mandag",
    "tirsdag",
    "lørdag",
    "søndag",
    "segunda-feira",
    "terça-feira",
    "quarta-feira",
    "quinta-feira",
    "sexta-feira",
    "am",
    "pm",
    "a.m",
    "p.m",
    "uhr",
    "h",
    "gmt",
    "utc",
    "est",
    "edt",
    "cst",
    "cdt",
    "pst",
    "pdt",
    "bst",
    "cet",
    "cest",
    "mez",
    "mesz",
    "jst",
    "ist",
    "aest",
    "aedt",
    "hkt",
    "sgt",
    "ct",
    "et",
    "pt",
    // A broadcast's time slot: "20:00:00 - 21:00:00 Eastern Time".
    "-",
    "–",
    "eastern",
    "pacific",
    "central",
    "mountain",
    "standard",
    "daylight",
    "time",
];

/// A date line read: the date in ISO form, and the edition or what else follows the date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateLine {
    pub iso: String,
    pub edition: String,
}

/// The ISO date of a date line, if `line` is one.
pub fn iso_date(line: &str) -> Option<String> {
    date_line(line).map(|d| d.iso)
}

/// Reads a date line (see the module comment).
pub fn date_line(line: &str) -> Option<DateLine> {
    read_date_line(line, true)
}

/// A line written as a date of a day its month does not have ("February 29, 2021", "31. April
/// 2020"): no date, but a date line all the same, to be said rather than read as a headline.
pub fn impossible_date(line: &str) -> bool {
    date_line(line).is_none() && read_date_line(line, false).is_some()
}

fn read_date_line(line: &str, check_day: bool) -> Option<DateLine> {
    let line = line.trim();
    if line.is_empty() || line.chars().count() > 120 {
        return None;
    }
    if let Some(d) = cjk(line) {
        return Some(d);
    }
    if let Some(d) = across_months(line) {
        return Some(d);
    }
    if let Some(d) = iso_line(line) {
        return Some(d);
    }
    // Words, with the comma after each remembered: an edition follows a comma.
    let mut words: Vec<(String, bool)> = Vec::new();
    for raw in line.split_whitespace() {
        let comma = raw.ends_with(',');
        for part in raw.split(',').filter(|p| !p.is_empty()) {
            words.push((part.trim_matches(|c: char| c == '.' && part.len() > 2).to_lowercase(), false));
        }
        if comma && let Some(last) = words.last_mut() {
            last.1 = true;
        }
    }
    let number = |w: &str| w.trim_end_matches('.').parse::<u32>().ok();
    let month_of = |w: &str| {
        let w = w.trim_end_matches('.');
        MONTHS.iter().position(|names| names.contains(&w)).map(|m| m as u32 + 1)
    };
    // The date within the first words: day month year, month day year, year month day; the
    // small words between its parts ("3 de enero de 2018") looked past.
    let parts: Vec<usize> = (0..words.len()).filter(|&k| !["de", "del", "of"].contains(&words[k].0.as_str())).collect();
    let skip = parts.iter().take_while(|&&k| BESIDE.contains(&words[k].0.as_str())).count().min(2);
    let found = (skip..(skip + 2).min(parts.len())).find_map(|at| {
        let w = |k: usize| parts.get(at + k).map(|&i| words[i].0.as_str()).unwrap_or_default();
        // With an ordinal's ending too: "1er janvier 2020" had been read as January 2020.
        let day = |s: &str| {
            // (and "1°", "1º", "1ste", "2de" in Italian, Spanish and Dutch)
            let s = ["er", "st", "nd", "rd", "th", "ste", "de", "°", "º"]
                .iter()
                .find_map(|e| s.strip_suffix(e))
                .unwrap_or(s);
            number(s).filter(|d| (1..=31).contains(d))
        };
        let year = |s: &str| number(s).filter(|y| (1800..=2200).contains(y));
        // A span of days ("4-10") is dated by its first.
        let first_day = |s: &str| {
            let (a, b) = s.split_once(['-', '–'])?;
            day(b)?;
            day(a)
        };
        let day_or_span = |s: &str| day(s).or_else(|| first_day(s));
        let (y, m, d) = if let (Some(d), Some(m)) = (day_or_span(w(0)), month_of(w(1))) {
            // "27. Februar 2012", "13 November 2017", "3 de enero de 2018", "4-10 January 2020"
            (year(w(2))?, m, Some(d))
        } else if let (Some(m), Some(d)) = (month_of(w(0)), day_or_span(w(1))) {
            (year(w(2))?, m, Some(d))
        } else if let (Some(y), Some(m), Some(d)) = (year(w(0)), month_of(w(1)), day(w(2))) {
            (y, m, Some(d))
        } else if let (Some(m), Some(y)) = (month_of(w(0)), year(w(1))) {
            // A monthly's issue: "January 2020".
            return Some((parts[at + 1] + 1, y, Some(m), None));
        } else if let (true, Some(y)) = (SEASONS.contains(&w(0)), year(w(1))) {
            // A quarterly's: "Winter 2019".
            return Some((parts[at + 1] + 1, y, None, None));
        } else {
            return None;
        };
        Some((parts[at + 2] + 1, y, Some(m), d))
    });
    let (after, y, m, d) = found?;
    // What follows: weekdays, times and zones, then perhaps an edition after a comma.
    let mut k = after;
    while let Some((w, _)) = words.get(k) {
        let clock = w.contains(':') && w.chars().all(|c| c.is_ascii_digit() || c == ':' || c == '.');
        let zone = w.starts_with("gmt") || w.starts_with("utc");
        if BESIDE.contains(&w.as_str()) || clock || zone {
            k += 1;
        } else {
            break;
        }
    }
    let comma_before = k > 0 && words.get(k - 1).is_some_and(|(_, c)| *c);
    let rest: Vec<&str> = words[k..].iter().map(|(w, _)| w.as_str()).collect();
    let edition = if rest.is_empty() {
        String::new()
    } else if comma_before || looks_like_edition(&rest) {
        // The edition as written: the words of the line after the date's.
        let written: Vec<&str> = line.split_whitespace().collect();
        let n = written.len().saturating_sub(rest.len());
        written[n..].join(" ").trim_matches([',', ' ']).to_owned()
    } else {
        return None;
    };
    // A day the month does not have ("February 31, 2020") is no date: it had been kept as
    // 2020-02-31, and sorted and exported as one.
    if let (Some(m), Some(d)) = (m, d)
        && check_day
    {
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let days = match m {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if d > days {
            return None;
        }
    }
    let iso = match (m, d) {
        (Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
        (Some(m), None) => format!("{y:04}-{m:02}"),
        _ => format!("{y:04}"),
    };
    Some(DateLine { iso, edition })
}

/// A weekly's issue over two months or years ("January 31-February 6, 2020", "December 30,
/// 2019-January 5, 2020", "30 December 2019 - 5 January 2020"), dated by its first day: what
/// follows the dash is a whole date line, which a span within one month ("4-10 January") never
/// is. The end gives the year when the start has none, and the edition.
fn across_months(line: &str) -> Option<DateLine> {
    // "30 December 2019 to 5 January 2020", as some interfaces write a span.
    if let Some((start, end)) = line.split_once(" to ")
        && start.trim_end().ends_with(|c: char| c.is_ascii_digit() || c.is_alphabetic())
    {
        return across_months(&format!("{start} - {end}"));
    }
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let dash = chars.iter().position(|&(_, c)| c == '-' || c == '–')?;
    let before = chars[..dash].iter().rev().find(|(_, c)| !c.is_whitespace())?.1;
    let after = chars[dash + 1..].iter().find(|(_, c)| !c.is_whitespace())?.1;
    // A day ("January 31-") or a month ("30 December - 5 January 2020") before the dash.
    if !before.is_alphanumeric() || !after.is_alphanumeric() {
        return None;
    }
    let (start, end) = (&line[..chars[dash].0], &line[chars[dash].0 + chars[dash].1.len_utf8()..]);
    // The end is shorter than the line, and holds no such dash before its own date: each line
    // is read at most twice over.
    let end = date_line(end)?;
    let year: u32 = end.iso.get(..4)?.parse().ok()?;
    let in_year = |y: u32| date_line(&format!("{} {y}", start.trim().trim_end_matches(',')));
    // A start without its year is in the end's, or the year before when its month comes later
    // ("December 30-January 5, 2020" is 2019-12-30; it had been read as 2020-12-30).
    let start = date_line(start).or_else(|| {
        in_year(year).filter(|s| s.iso.get(5..7) <= end.iso.get(5..7)).or_else(|| in_year(year.checked_sub(1)?))
    })?;
    // A start of a month alone ("January-February 2020") is not a span of days.
    (start.iso.len() == 10).then_some(DateLine { iso: start.iso, edition: end.edition })
}

/// A date written as ISO ("2020-01-04", perhaps with its time), as some exports write it.
fn iso_line(line: &str) -> Option<DateLine> {
    let first = line.split_whitespace().next()?;
    let date = first.split_once('T').map_or(first, |(d, _)| d);
    let rest = line[first.len()..].trim();
    let clock = |w: &str| w.chars().all(|c| c.is_ascii_digit() || c == ':' || c == '.');
    if !rest.split_whitespace().all(|w| clock(w) || BESIDE.contains(&w.to_lowercase().as_str())) {
        return None;
    }
    // "2020-01-04", "2020/01/04", or the day first with dots ("04.01.2020", as German and
    // other European interfaces write it; never the month first with dots).
    let parts: Vec<&str> = date.split(['-', '/', '.']).collect();
    let [a, b, c] = parts.as_slice() else { return None };
    let sep = date.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let (y, m, d) = match (sep, a.len(), b.len(), c.len()) {
        ('-' | '/', 4, 2, 2) => (*a, *b, *c),
        ('.', 2, 2, 4) => (*c, *b, *a),
        _ => return None,
    };
    if !date.chars().all(|ch| ch.is_ascii_digit() || ch == sep) {
        return None;
    }
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let days = match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    ((1800..=2200).contains(&y) && (1..=days).contains(&d))
        .then(|| DateLine { iso: format!("{y:04}-{m:02}-{d:02}"), edition: String::new() })
}

/// Seasons a quarterly dates its issues by, in the languages read.
const SEASONS: &[&str] = &[
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "frühling",
    "frühjahr",
    "sommer",
    "herbst",
    "printemps",
    "été",
    "automne",
    "hiver",
    "lente",
    "zomer",
    "herfst",
    "primavera",
    "verano",
    "otoño",
    "invierno",
    "estate",
    "autunno",
    "inverno",
    "verão",
    "outono",
    "vår",
    "höst",
    "efterår",
    "vinter",
];

/// Words that name an edition ("Late Edition - Final", "City Final", "Ausgabe").
fn looks_like_edition(words: &[&str]) -> bool {
    words.iter().any(|w| {
        ["edition", "ed", "final", "ausgabe", "édition", "edición", "editie", "web", "online", "late", "early"]
            .contains(&w.trim_matches(|c: char| !c.is_alphanumeric()))
    })
}

/// "2018 年 9 月 18 日", "2018年10月7日 17:04", "2018년 5월 31일".
fn cjk(line: &str) -> Option<DateLine> {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let (y, rest) = compact.split_once(['年', '년'])?;
    let (m, rest) = rest.split_once(['月', '월'])?;
    let (d, rest) = rest.split_once(['日', '일'])?;
    let (y, m, d) = (y.parse::<u32>().ok()?, m.parse::<u32>().ok()?, d.parse::<u32>().ok()?);
    if !(1800..=2200).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // A weekday ("土曜日", "星期六", "토요일") and a time may follow; nothing else.
    let weekday = |r: &str| -> Option<usize> {
        for end in ["曜日", "요일"] {
            if let Some(i) = r.find(end)
                && r[..i].chars().count() == 1
            {
                return Some(i + end.len());
            }
        }
        for p in ["星期", "周"] {
            if let Some(c) = r.strip_prefix(p).and_then(|t| t.chars().next()) {
                return Some(p.len() + c.len_utf8());
            }
        }
        None
    };
    let rest = match weekday(rest) {
        Some(n) => &rest[n..],
        None => rest,
    };
    if !rest.chars().all(|c| c.is_ascii_digit() || c == ':') {
        return None;
    }
    Some(DateLine { iso: format!("{y:04}-{m:02}-{d:02}"), edition: String::new() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> Option<String> {
        iso_date(s)
    }

    #[test]
    fn date_lines_of_every_interface() {
        for (line, want) in [
            ("July 1, 2019 Monday", "2019-07-01"),
            ("Monday, July 1, 2019", "2019-07-01"),
            ("1 July 2019", "2019-07-01"),
            ("January 3, 2020 Friday 10:05 AM EST", "2020-01-03"),
            ("13 November 2017", "2017-11-13"),
            ("9 Januar 1993", "1993-01-09"),
            ("27. Februar 2012 Montag 9:50 PM GMT+1", "2012-02-27"),
            ("29 décembre 2011", "2011-12-29"),
            ("3 de enero de 2018", "2018-01-03"),
            ("12 maart 2014", "2014-03-12"),
            ("12 April 2013 Tuesday", "2013-04-12"),
            ("2018 年 9 月 18 日", "2018-09-18"),
            ("2018 年 10 月 7 日 17:04", "2018-10-07"),
            ("2018년 5월 31일", "2018-05-31"),
            ("June 17, 1995, CITY EDITION", "1995-06-17"),
            ("May 2, 2002, Thursday,, FINAL EDITION", "2002-05-02"),
            ("November 5, 2002 Tuesday Final Edition", "2002-11-05"),
            ("January 11, 2018 Thursday, Late Edition - Final", "2018-01-11"),
            ("April 2, 2007 Monday, The New York Times on the Web", "2007-04-02"),
            ("April 3, 2014 Thursday, The International New York Times", "2014-04-03"),
            ("June 13, 2005, Monday 20:00:00 - 21:00:00 Eastern Time", "2005-06-13"),
            // Magazines' issues, Nordic interfaces, a weekday after a CJK date.
            ("January 2020", "2020-01"),
            ("Winter 2019", "2019"),
            ("January 4-10, 2020", "2020-01-04"),
            ("4-10 January 2020", "2020-01-04"),
            ("January 31-February 6, 2020", "2020-01-31"),
            ("January 31 – February 6, 2020", "2020-01-31"),
            ("December 30, 2019-January 5, 2020", "2019-12-30"),
            ("30 December 2019 - 5 January 2020", "2019-12-30"),
            // Tenth round: the year before the end's, a month before the dash, ISO, ordinals.
            ("December 30-January 5, 2020", "2019-12-30"),
            ("30 December - 5 January 2020", "2019-12-30"),
            ("2020-01-04", "2020-01-04"),
            ("2020-01-04T10:05:00Z", "2020-01-04"),
            ("1er janvier 2020 mercredi", "2020-01-01"),
            ("January 4th, 2020", "2020-01-04"),
            ("1° gennaio 2020", "2020-01-01"),
            ("1º de enero de 2020", "2020-01-01"),
            ("1ste januari 2020", "2020-01-01"),
            ("30 December 2019 to 5 January 2020", "2019-12-30"),
            ("2020/01/04", "2020-01-04"),
            ("04.01.2020", "2020-01-04"),
            ("February 29, 2020", "2020-02-29"),
            ("4 januari 2020 lördag", "2020-01-04"),
            ("4. maj 2020 mandag", "2020-05-04"),
            ("2020年1月4日 土曜日", "2020-01-04"),
            ("2020년 1월 4일 토요일", "2020-01-04"),
            ("2020年1月4日 星期六", "2020-01-04"),
        ] {
            assert_eq!(iso(line).as_deref(), Some(want), "{line}");
        }
        assert_eq!(
            date_line("May 2, 2002, Thursday,, FINAL EDITION").map(|d| d.edition),
            Some("FINAL EDITION".to_owned())
        );
        // Written as dates of days their months lack: no dates, but said as such.
        for line in ["February 31, 2020", "February 29, 2021", "31 April 2020"] {
            assert!(impossible_date(line), "{line}");
        }
        for line in ["February 29, 2020", "The Guardian", "Port reopens"] {
            assert!(!impossible_date(line), "{line}");
        }
        for not in [
            "The strike of January 3, 2020 killed him",
            "The Guardian",
            "Special to The New York Times",
            "Mai 2019 war ein guter Monat für uns alle",
            "1285 Wörter",
            "2018 年 9 月 18 日 發生 地震",
            "2018年9月18日周末发生地震",
            "January 2020 was a cold month for us",
            "February 31, 2020",
            "February 29, 2019",
            "31 April 2020",
            "Winter 2019 saw the river freeze",
            "2020-02-30",
            "2020-01-04 was the day it began",
            "30 December - the day it began",
            "2020.01.04",
            "01/04/2020",
            "From 30 December to the spring",
        ] {
            assert_eq!(iso(not), None, "{not}");
        }
    }
}
