"""Demo evidence: what the research says about one solution for one condition.

Grades follow `EVIDENCE_RULES` (A strong … D very weak) and rest only on the cited
references' findings.
"""

from typing import Any

EVIDENCE: list[dict[str, Any]] = [
    {
        "solution": "cbt-i",
        "condition": "insomnia",
        "grade": "A",
        "summary": (
            "A meta-analysis of 20 randomised trials found that face-to-face CBT-I helped adults "
            "with chronic insomnia fall asleep sooner, spend less time awake at night and sleep "
            "more efficiently, with effects that appeared to last."
        ),
        "references": ["trauer-2015"],
    },
    {
        "solution": "melatonin",
        "condition": "insomnia",
        "grade": "B",
        "summary": (
            "Across 19 placebo-controlled trials, melatonin helped people fall asleep a few "
            "minutes sooner and sleep a few minutes longer, with slightly better sleep quality. "
            "The benefits did not fade with continued use, but they are small."
        ),
        "references": ["ferracioli-oda-2013"],
    },
    {
        "solution": "valerian",
        "condition": "insomnia",
        "grade": "C",
        "summary": (
            "A review of 16 trials suggests valerian might improve how well people feel they "
            "slept, but the trials had weaknesses and signs of publication bias."
        ),
        "references": ["bent-2006"],
    },
    {
        "solution": "magnesium",
        "condition": "insomnia",
        "grade": "C",
        "summary": (
            "A few small trials in older adults suggest magnesium may help people fall asleep "
            "somewhat sooner; pooled, the gain in total sleep was not significant and the "
            "evidence was rated low to very low quality."
        ),
        "references": ["abbasi-2012", "mah-2021"],
    },
    {
        "solution": "magnesium",
        "condition": "migraine",
        "grade": "C",
        "summary": (
            "Trial results are mixed. One review argues that low magnesium is more common in "
            "people with migraine and that trials may have missed a benefit by including "
            "people regardless of their magnesium status; this needs confirming."
        ),
        "references": ["mauskop-2012"],
    },
    {
        "solution": "riboflavin",
        "condition": "migraine",
        "grade": "C",
        "summary": (
            "In one small trial of 55 people, high-dose riboflavin taken for 3 months reduced "
            "migraine attacks and headache days compared with placebo, with only minor side "
            "effects. Larger trials are needed."
        ),
        "references": ["schoenen-1998"],
    },
    {
        "solution": "peppermint-oil",
        "condition": "irritable-bowel-syndrome",
        "grade": "A",
        "summary": (
            "Two meta-analyses of randomised trials found that peppermint oil capsules improved "
            "overall IBS symptoms and abdominal pain more than placebo, with side effects not "
            "significantly more common."
        ),
        "references": ["ford-2008", "alammar-2019"],
    },
    {
        "solution": "ginger",
        "condition": "nausea-and-vomiting-of-pregnancy",
        "grade": "B",
        "summary": (
            "Meta-analyses of randomised trials found that ginger eased nausea in early "
            "pregnancy compared with placebo, but it did not clearly reduce vomiting, and the "
            "trials differed from one another."
        ),
        "references": ["viljoen-2014", "thomson-2014"],
    },
    {
        "solution": "zinc",
        "condition": "common-cold",
        "grade": "B",
        "summary": (
            "A meta-analysis of 17 trials found oral zinc shortened colds, by more in adults "
            "than overall and not clearly in children. Results varied widely, and bad taste and "
            "nausea were more common with zinc."
        ),
        "references": ["science-2012"],
    },
    {
        "solution": "vitamin-c",
        "condition": "common-cold",
        "grade": "C",
        "summary": (
            "Taken every day, vitamin C did not prevent colds in the general population; it "
            "shortened them only slightly, by about 8% in adults. People under "
            "heavy physical stress were the exception: their risk of a cold roughly halved."
        ),
        "references": ["hemila-2013"],
    },
    {
        "solution": "probiotics",
        "condition": "antibiotic-associated-diarrhea",
        "grade": "A",
        "summary": (
            "Large reviews of randomised trials in adults and in children link taking probiotics "
            "alongside antibiotics to fewer cases of diarrhoea, though results vary between "
            "strains and groups of people."
        ),
        "references": ["hempel-2012", "guo-2019"],
    },
    {
        "solution": "st-johns-wort",
        "condition": "depression",
        "grade": "B",
        "summary": (
            "A Cochrane review of 29 trials found extracts worked better than placebo and about "
            "as well as standard antidepressants in major depression, with fewer people stopping "
            "because of side effects. It interacts with many medicines: use it only with "
            "professional advice."
        ),
        "references": ["linde-2008", "mannel-2004"],
    },
    {
        "solution": "omega-3",
        "condition": "depression",
        "grade": "C",
        "summary": (
            "A Cochrane review found only a small, imprecise benefit in adults with major "
            "depression, unlikely to be clinically meaningful and probably affected by bias."
        ),
        "references": ["appleton-2016"],
    },
    {
        "solution": "turmeric",
        "condition": "osteoarthritis",
        "grade": "C",
        "summary": (
            "A meta-analysis of 8 small trials found turmeric or curcumin extracts eased "
            "arthritis pain compared with placebo, but the trials were few and small. Curcumin "
            "is poorly absorbed on its own."
        ),
        "references": ["daily-2016", "hewlings-2017"],
    },
    {
        "solution": "yoga",
        "condition": "low-back-pain",
        "grade": "B",
        "summary": (
            "A Cochrane review of 21 trials found yoga gave small to moderate improvements in "
            "back-related function and slightly less pain than no exercise, but no clear "
            "advantage over other exercise."
        ),
        "references": ["wieland-2022"],
    },
    {
        "solution": "lavender-oil",
        "condition": "anxiety",
        "grade": "B",
        "summary": (
            "Two randomised trials of an oral lavender-oil preparation, one in 539 adults with "
            "generalised anxiety disorder, found it reduced anxiety more than placebo over "
            "10 weeks."
        ),
        "references": ["kasper-2010", "kasper-2014"],
    },
    {
        "solution": "chamomile",
        "condition": "anxiety",
        "grade": "C",
        "summary": (
            "One small trial in generalised anxiety disorder found chamomile extract lowered "
            "anxiety scores a little more than placebo; the result needs replicating."
        ),
        "references": ["amsterdam-2009"],
    },
    {
        "solution": "ashwagandha",
        "condition": "stress",
        "grade": "C",
        "summary": (
            "In one small trial of stressed but healthy adults, an ashwagandha extract lowered "
            "anxiety scores and morning cortisol more than placebo, while the change in "
            "self-rated stress was only near significance."
        ),
        "references": ["lopresti-2019"],
    },
    {
        "solution": "ashwagandha",
        "condition": "anxiety",
        "grade": "C",
        "summary": (
            "Evidence comes from one small trial in stressed but healthy adults, in which anxiety "
            "scores fell more than with placebo; people with an anxiety disorder have not been "
            "studied in the trials cited here."
        ),
        "references": ["lopresti-2019"],
    },
]
