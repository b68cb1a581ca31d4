#!/usr/bin/env bash
# Rebuilds the sample project, projects/soleimani.ron, from the articles in projects/sources/
# with claimscope's own command line: every annotation is found by its quote, never by counting
# offsets by hand. A quote that is missing or ambiguous stops the build.
#
#   projects/build-sample.sh            # writes projects/soleimani.ron
#   projects/build-sample.sh OUT.ron    # writes elsewhere (the tests compare the two)
#
# CLAIMSCOPE names the binary to use (default: cargo run --release).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(realpath -m "${1:-$here/soleimani.ron}")
cd "$here"
read -r -a bin <<<"${CLAIMSCOPE:-cargo run --quiet --release --}"
# Fixed timestamps, so that the same sources give the same file.
export CLAIMSCOPE_FIXED_TIME=1767225600
# A fixed author and identity too (the identity makes the REFI-QDA GUIDs).
export CLAIMSCOPE_ANALYST="Sample analyst"
UUID=3f6f2a4e-8d0b-4c55-9a7e-5b1c2d9e7f10

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
p="$work/soleimani.ron"
cs() { "${bin[@]}" "$@"; }

cs new "$p" --name "Soleimani strike: five outlets" >/dev/null
sed -i "s/^  uuid: \".*\",$/  uuid: \"$UUID\",/" "$p"
imp() { cs import "$p" "$@" | cut -f1; }
MEE=$(imp sources/000_a26a5273624055fc.txt --source "Middle East Eye" --published 2020-07-10 \
  --title "Qassem Soleimani: US says UN report on killing is false, reiterates 'self-defence' claim")
REU=$(imp sources/001_8e069a7c686b9a14.txt --source "Reuters" --published 2020-01-08 \
  --title "US tells UN Security Council the killing of Soleimani was self-defence")
OPI=$(imp sources/002_e684b7d2ca9f1e66.txt --source "Opinion (Iranian perspective)" --published 2022-01 \
  --title "Qassem Soleimani’s Assassination: Implications for International Peace and Security")
CHN=$(imp sources/003_ee479c1fede0e395.txt --source "Chinese foreign ministry briefing (report)" --published 2022-01-04 \
  --title "China: Soleimani assassination ‘one of the war crimes’ of the US")
IND=$(imp sources/004_97aa9ac3554af9e4.txt --source "The Independent" --published 2020-01-02 \
  --title "Qassem Soleimani: Pentagon confirms US has killed leader of Iran’s Quds Force")

# a DOC TAG QUOTE [--speaker S] [--note N] [--claim C] [--occurrence K]
a() { local doc=$1 tag=$2 quote=$3; shift 3; cs annotate "$p" --doc "$doc" --tag "$tag" --quote "$quote" "$@" >/dev/null; }

SELF="The strike was self-defence under Article 51"
UNLAWFUL="The strike was unlawful"
TERROR="The killing was an act of terrorism"
ATTACKS="The strike answered an escalating series of armed attacks"
NOEVIDENCE="There was no evidence of an imminent attack"
RETALIATION="Iran retaliated with missiles on bases in Iraq"
ACCOUNT="Those responsible must be held to account"
REVENGE="Iran and its allies vow revenge"
BEHIND="Soleimani was behind attacks on US forces"
DETER="The strike was meant to deter further attacks"
IRANSELF="Iran's missile strike was lawful self-defence"

# --- Middle East Eye ---------------------------------------------------------------------------
a "$MEE" Allegation "reiterates 'self-defence' claim" --speaker "US government" --claim "$SELF" \
  --note "Headline puts self-defence in scare quotes and calls it a claim."
a "$MEE" Rhetoric "in months prior to assassination" --note "The outlet's own word: assassination, not strike or killing."
a "$MEE" Fact "US Secretary of State Mike Pompeo rejected a United Nations assessment that Washington's deadly strike against top Iranian general Qassem Soleimani in January violated international law"
a "$MEE" Fact "the UN released a report on the drone strike that killed nine other people"
a "$MEE" "Legal claim" "The report concluded that the strike violated international law" --speaker "Agnes Callamard" --claim "$UNLAWFUL"
a "$MEE" "Legal claim" "the US failed to provide sufficient evidence of an ongoing, or imminent, attack against its interests to justify the strike" \
  --speaker "Agnes Callamard" --claim "$NOEVIDENCE" --note "Imminence is the test for anticipatory self-defence."
a "$MEE" Rhetoric 'referred to the assessment as "spurious"' --speaker "Mike Pompeo"
a "$MEE" Allegation "in response to an escalating series of armed attacks in preceding months by the Islamic Republic of Iran and militias it supports on US forces and interests in the Middle East region" \
  --speaker "Mike Pompeo" --claim "$ATTACKS" --note "Near word for word the wording of the US letter to the Security Council (see Reuters)."
a "$MEE" Allegation "to deter Iran from launching or supporting further attacks against the United States or US interests" --speaker "Mike Pompeo" --claim "$DETER"
a "$MEE" Allegation "transparent regarding the international law basis for the strike" --speaker "Mike Pompeo"
a "$MEE" Allegation 'explaining that its actions were in "self-defense"' --speaker "US government" --claim "$SELF"
a "$MEE" Fact "the UN has found that there is insufficient evidence to support that claim" --speaker "Agnes Callamard" --claim "$NOEVIDENCE" \
  --note "Reported as a finding, not as an allegation."
a "$MEE" "Legal claim" "absent an actual imminent threat to life, the course of action taken by the US was unlawful" --speaker "Agnes Callamard" --claim "$UNLAWFUL"
a "$MEE" "Legal claim" "the first known incident in which a country invoked self-defence as a justification for an attack against a state actor in the territory of a third country" \
  --speaker "Agnes Callamard"
a "$MEE" Rhetoric "The Security Council is missing in action" --speaker "Agnes Callamard"
a "$MEE" Allegation "Washington had long accused Soleimani of masterminding attacks by Iranian-aligned militias on US forces in the region" \
  --speaker "US government" --claim "$BEHIND" --note "Attributed: 'accused'."
a "$MEE" Fact "Iran retaliated with a missile attack on an Iraqi airbase where US forces were stationed" --claim "$RETALIATION"
a "$MEE" Fact "Iranian forces on high alert mistakenly shot down a Ukrainian passenger airliner"
a "$MEE" Fact "Iran has issued an arrest warrant for US President Donald Trump and 35 others over Soleimani's killing" \
  --speaker "Ali Alqasimehr" --claim "$ACCOUNT"

# --- Reuters -----------------------------------------------------------------------------------
a "$REU" Allegation "the killing of Iranian commander Qassem Soleimani last week was self-defence" --speaker "US government" --claim "$SELF" \
  --note "Reported speech, no scare quotes."
a "$REU" Allegation "vowed to take additional action “as necessary” in the Middle East to protect U.S. personnel and interests" --speaker "US government"
a "$REU" Fact "Iran retaliated on Wednesday for Soleimani’s death by firing missiles at military facilities housing U.S. troops in Iraq" --claim "$RETALIATION"
a "$REU" Allegation "U.S. President Donald Trump said no Americans were hurt" --speaker "Donald Trump"
a "$REU" Rhetoric "ready to engage without preconditions in serious negotiations with Iran" --speaker "Kelly Craft"
a "$REU" "Legal claim" "was justified under Article 51 of the U.N. Charter" --speaker "Kelly Craft" --claim "$SELF"
a "$REU" "Legal claim" "countries are required to “immediately report” to the 15-member Security Council any measures taken in exercising the right of self-defence" \
  --note "The outlet's own gloss on Article 51."
a "$REU" Fact "The United States used Article 51 to justify taking action in Syria against Islamic State militants in 2014."
a "$REU" Allegation "in response to an escalating series of armed attacks in recent months by the Islamic Republic of Iran and Iran-supported militias on U.S. forces and interests in the Middle East" \
  --speaker "Kelly Craft" --claim "$ATTACKS"
a "$REU" Allegation "the aim was to deter Iran from conducting or supporting attacks and degrade its ability to conduct attacks" --speaker "Kelly Craft" --claim "$DETER"
a "$REU" "Legal claim" "Iran also justified its action under Article 51 of the U.N. Charter" --speaker "Iranian government" --claim "$IRANSELF"
a "$REU" Fact "The U.S. letter to the U.N. Security Council arrived after Iran’s letter, diplomats said." --speaker "diplomats"
a "$REU" Allegation "does not seek escalation or war" --speaker "Majid Takht-Ravanchi"
a "$REU" "Legal claim" "exercising its right to self-defence by taking a “measured and proportionate military response" --speaker "Majid Takht-Ravanchi" --claim "$IRANSELF" \
  --note "Necessity and proportionality: the customary limits on self-defence."
a "$REU" Allegation "The operation was precise and targeted military objectives thus leaving no collateral damage to civilians" --speaker "Majid Takht-Ravanchi"
a "$REU" Rhetoric "Seriously warning about any further military adventurism against it" --speaker "Majid Takht-Ravanchi"

# --- Opinion (Iranian perspective) -------------------------------------------------------------
a "$OPI" "Legal claim" "Soleimani’s assassination was “unlawful” and “arbitrary,” and that it violated the UN charter" \
  --speaker "Agnes Callamard" --claim "$UNLAWFUL" --note "The rapporteur's finding, here said to be a ruling."
a "$OPI" Allegation "Iran called it a terrorist act and vowed to take measures" --speaker "Iranian government" --claim "$TERROR"
a "$OPI" Fact "Iran has urged the U.N. Security Council to hold the United States and Israel accountable" --claim "$ACCOUNT"
a "$OPI" Rhetoric "Given the dire implications of this terrorist act on international peace and security" --speaker "Majid Takht-Ravanchi" --claim "$TERROR"
a "$OPI" "Legal claim" "the Security Council must live up to its Charter-based responsibilities and hold the United States and the Israeli regime to account" \
  --speaker "Majid Takht-Ravanchi" --claim "$ACCOUNT"
a "$OPI" Allegation "was on a diplomatic mission in Baghdad" --note "Stated as fact by the outlet; contested by the US."
a "$OPI" Fact "his convoy was destroyed by missiles fired by a US drone"
a "$OPI" Rhetoric "Soleimani’s assassination was an act of state terrorism." --claim "$TERROR" --note "The outlet's own voice, unattributed."
a "$OPI" Rhetoric "“extreme unilateralism”" --speaker "Iran's presidential office (legal department)"
a "$OPI" Allegation "the former Israeli military intelligence chief admitted the Israeli regime’s involvement in the premeditated assassination" \
  --speaker "former Israeli military intelligence chief" --note "No name or source given."
a "$OPI" Rhetoric "Martyr Soleimani" --occurrence 1
a "$OPI" "Legal claim" "This criminal act also implies the criminal responsibility of all those who aided, and assisted the preparation or execution of this terrorist attack" \
  --claim "$ACCOUNT"
a "$OPI" Rhetoric "Hero of the Fight against Terrorism and General of Peace"
a "$OPI" Allegation "pledged to remove the US military’s presence in the region as its ultimate retaliation" --speaker "Iranian government" --claim "$REVENGE"
a "$OPI" Rhetoric "Without a shred of fear and with entire power and intellect, he would enter the field of war and perform remarkable operations" --speaker "Ali Khamenei"
a "$OPI" Allegation "the United States has now withdrawn from Afghanistan" --speaker "Ali Khamenei" --note "Credited to Soleimani's 'blood'."
a "$OPI" Rhetoric "will be forgotten in history and thrown out with the rubbish" --note "The outlet's own voice."
a "$OPI" "Legal claim" "The US government holds “definitive international responsibility” for this crime" --claim "$ACCOUNT"

# --- Chinese foreign ministry briefing (report) ------------------------------------------------
a "$CHN" "Legal claim" "wantonly undermined the norms governing international relations based on the UN Charter" --speaker "Wang Wenbin" --claim "$UNLAWFUL"
a "$CHN" "Legal claim" "one of the war crimes the US has committed with abuse of force" --speaker "Wang Wenbin" --claim "$UNLAWFUL"
a "$CHN" Rhetoric "through terrorist means" --speaker "Wang Wenbin" --claim "$TERROR"
a "$CHN" "Legal claim" "in violation of international law" --speaker "Wang Wenbin" --claim "$UNLAWFUL"
a "$CHN" Allegation "kill hundreds of thousands of innocent civilians around the world" --speaker "Wang Wenbin"
a "$CHN" Rhetoric "behind the facade of ‘the rules-based international order’" --speaker "Wang Wenbin"
a "$CHN" Rhetoric "The top Iranian anti-terror commander" --note "Soleimani framed as fighting terror, not sponsoring it."
a "$CHN" Fact "was assassinated outside Baghdad airport in a drone strike, ordered by then-US President Donald Trump"
a "$CHN" Rhetoric "no more than the rules that meet its needs and serve its interests" --speaker "Wang Wenbin"
a "$CHN" Rhetoric "an order that maintains the US’ hegemony" --speaker "Wang Wenbin"
a "$CHN" "Legal claim" "top US officials behind the assassination of Ge. Soleimani must be put on trial" --speaker "Ebrahim Raisi" --claim "$ACCOUNT"
a "$CHN" Rhetoric "will lead to Muslims’ revenge" --speaker "Ebrahim Raisi" --claim "$REVENGE"
a "$CHN" Allegation "Trump claimed the assassination was commissioned to prevent presumably imminent attacks on US personnel across the region" \
  --speaker "Donald Trump" --claim "$SELF" --note "'presumably' and 'allegedly' distance the outlet from the claim."
a "$CHN" Fact "no evidence to back up such an assessment has ever emerged" --claim "$NOEVIDENCE" \
  --note "Stated as fact, where Middle East Eye attributes it to the UN rapporteur."
a "$CHN" Fact "the country’s parliament adopting a non-binding resolution demanding the withdrawal of foreign troops"
a "$CHN" Fact "Iran itself responded with a volley of ballistic missiles that hit two US-occupied bases in Iraq" --claim "$RETALIATION"
a "$CHN" Fact "some 110 received traumatic brain injuries"

# --- The Independent ---------------------------------------------------------------------------
a "$IND" Fact "The Pentagon has confirmed it killed Qassem Soleimani, Iran’s most powerful general in Iraq, on the orders of Donald Trump." --speaker "Pentagon"
a "$IND" Allegation "claimed it acted to “deter future Iranian attack plans”" --speaker "Pentagon" --claim "$DETER"
a "$IND" Allegation "the US military has taken decisive defensive action to protect US personnel abroad" --speaker "Pentagon" --claim "$SELF" \
  --note "'Defensive', not 'self-defence': no legal basis named."
a "$IND" Allegation "had “orchestrated” attacks on coalition bases in Iraq over the past few months" --speaker "Pentagon" --claim "$ATTACKS"
a "$IND" Allegation "“approved the attacks” on the US embassy in Baghdad" --speaker "Pentagon"
a "$IND" Rhetoric "Iraqis dancing in the street for freedom" --speaker "Mike Pompeo"
a "$IND" Rhetoric "greatest foreign policy accomplishment of the decade, if not our lifetime" --speaker "Kayleigh McEnany"
a "$IND" Rhetoric "will likely complicate an already complex and fragile situation in the region" --note "The outlet's own assessment."
a "$IND" Allegation "the US is seeking to replace its government" --speaker "Iranian government"
a "$IND" Fact "He was also responsible for the deaths of American troops in Iraq." --claim "$BEHIND" \
  --note "Stated as fact; Middle East Eye reports it as an accusation."
a "$IND" Rhetoric "Iran and other freedom-seeking countries in the region will take his revenge" --speaker "Hassan Rouhani" --claim "$REVENGE"
a "$IND" Rhetoric "bears responsibility for all consequences of its rogue adventurism" --occurrence 1 --speaker "Javad Zarif"
a "$IND" Rhetoric "The US' act of international terrorism" --speaker "Javad Zarif" --claim "$TERROR"
a "$IND" Rhetoric "is extremely dangerous and a foolish escalation" --speaker "Javad Zarif"
a "$IND" Rhetoric "Trump through his gamble has dragged the US into the most dangerous situation in the region" --speaker "Hessameddin Ashena"
a "$IND" Rhetoric "rigorous revenge against America" --occurrence 2 --speaker "Mohsen Rezaei" --claim "$REVENGE"
a "$IND" Allegation "The American and Israeli enemy is responsible for killing the mujahideen Abu Mahdi al-Muhandis and Qassem Soleimani" --speaker "Ahmed al-Assadi"
a "$IND" Allegation "struck by two successive guided missiles launched from an American helicopter" --speaker "Abu Muntathar al-Hussaini" \
  --note "A helicopter, where the other reports say a drone."

cs check "$p"
mv "$p" "$out"
