"""Demo natural solutions. Body, dosage, side effects, interactions and "avoid if" are
Markdown; figures come only from the findings of the references in `references.json`."""

from typing import Any

SOLUTIONS: list[dict[str, Any]] = [
    {
        "name": "Magnesium",
        "slug": "magnesium",
        "dose_limits": [("library", "500", "mg", "magnesium from supplements", "abbasi-2012")],
        "interacts_with": [
            (
                "tetracycline antibiotics",
                "magnesium reduces how much of the antibiotic is absorbed.",
            ),
            ("quinolone antibiotics", "magnesium reduces how much of the antibiotic is absorbed."),
            ("antibiotics", "magnesium reduces how much of some antibiotics is absorbed."),
            ("bisphosphonates", "magnesium reduces how much of the bisphosphonate is absorbed."),
        ],
        "kind": "supplement",
        "featured": True,
        "summary": (
            "An essential mineral found in nuts, seeds, beans, whole grains and leafy greens, "
            "taken as a supplement to correct low magnesium and, with limited evidence, for "
            "sleep and migraine."
        ),
        "body": """
            ## What it is

            Magnesium is a mineral the body needs for hundreds of enzyme reactions, including
            those that keep nerves, muscles and bones working. Good food sources are nuts,
            seeds, beans, whole grains and green leafy vegetables. Recommended intakes for
            adults are roughly 310–320 mg a day for women and 400–420 mg a day for men, from
            food and drink together.

            ## What it is used for

            Supplements correct low magnesium. They are also taken for sleep and to prevent
            migraine: the sleep evidence comes from a few small trials in older adults, and
            the migraine evidence is mixed.

            ## Forms

            Magnesium is always bound to a partner compound, the "form". Forms differ in how
            much magnesium they contain, how well it is absorbed and how likely it is to
            loosen the bowels. Labels may give the weight of the whole compound or of the
            magnesium alone ("elemental" magnesium), so check which.
        """,
        "dosage": """
            Follow the product label or your health professional's advice. One trial in older
            adults with insomnia used 500 mg of magnesium a day. Official advice sets an upper
            limit for magnesium from supplements (not from food), below that trial's dose;
            larger doses are more likely to cause diarrhoea, so don't copy trial doses without
            advice. If you are being treated for low magnesium, your doctor will set the dose.
        """,
        "side_effects": """
            - Diarrhoea, stomach cramps and nausea, especially at higher doses; some forms, such
              as magnesium oxide and citrate, are also sold as laxatives.
            - Very large amounts, usually from laxatives or antacids that contain magnesium,
              can cause magnesium poisoning, with low blood pressure, muscle weakness and an
              irregular heartbeat. The risk is highest in people with kidney problems.
        """,
        "interactions": """
            - **Some antibiotics** (tetracyclines such as doxycycline, and quinolones such as
              ciprofloxacin): magnesium reduces how much of the antibiotic is absorbed. Take
              them several hours apart; your pharmacist can tell you how long.
            - **Bisphosphonates** for osteoporosis, such as alendronate: magnesium reduces
              their absorption too, so space the doses in the same way.
            - **Diuretics and proton pump inhibitors**: some of these can lower magnesium
              levels over time.
            - **Antacids and laxatives** may already contain magnesium; count them in your
              total.
        """,
        "avoid_if": """
            - You have kidney disease or reduced kidney function, unless your doctor advises
              it.
            - You take an antibiotic or a bisphosphonate and have not planned the timing with
              a pharmacist.
            - You have ongoing diarrhoea: see a doctor rather than adding a supplement.
        """,
        "forms": [
            (
                "Magnesium citrate",
                "Magnesium bound to citric acid. Dissolves well and is generally better absorbed "
                "than oxide; at higher doses it has a laxative effect.",
            ),
            (
                "Magnesium oxide",
                "Packs a lot of magnesium into each tablet but is less well absorbed than most "
                "other forms and more likely to loosen the bowels; also used as an antacid and "
                "laxative.",
            ),
            (
                "Magnesium chloride",
                "Dissolves easily in water and is reasonably well absorbed. Also sold as flakes "
                "and sprays for the skin, though how much passes through the skin is uncertain.",
            ),
            (
                "Magnesium glycinate",
                "Magnesium bound to the amino acid glycine (also sold as bisglycinate). Often "
                "described as gentle on the stomach, but studied less than citrate or oxide.",
            ),
            (
                "Magnesium L-threonate",
                "A newer form marketed for the brain; research in people is still limited.",
            ),
        ],
    },
    {
        "name": "Melatonin",
        "slug": "melatonin",
        "interacts_with": [
            ("sleeping pills", "it can add to their sedating effect."),
            ("sedatives", "it can add to their sedating effect."),
            ("blood thinners", "its page says to ask a pharmacist before combining them."),
            ("epilepsy medicines", "its page says to ask a pharmacist before combining them."),
            ("diabetes medicines", "its page says to ask a pharmacist before combining them."),
            (
                "blood-pressure medicines",
                "its page says to ask a pharmacist before combining them.",
            ),
            ("immunosuppressants", "its page says to ask a pharmacist before combining them."),
        ],
        "kind": "supplement",
        "featured": True,
        "summary": (
            "A hormone the body releases in the evening to signal night-time, taken as a "
            "supplement for some sleep problems."
        ),
        "body": """
            ## What it is

            Melatonin is made by the pineal gland in the brain, mostly in the dark, and helps
            to set the body clock. Supplements contain synthetic melatonin. In some countries
            it is a prescription medicine; in others it is sold as a supplement.

            ## What the research shows

            A meta-analysis of 19 placebo-controlled trials in people with primary sleep
            disorders found that melatonin helped people fall asleep about 7 minutes sooner
            and sleep about 8 minutes longer, with slightly better sleep quality, and the
            benefit did not fade with continued use. The effects are real but small.
        """,
        "dosage": """
            Doses used in trials vary. Start with the lowest dose on the label, taken shortly
            before your usual bedtime, and ask a pharmacist or doctor if you are unsure.
        """,
        "side_effects": """
            - Daytime sleepiness, headache, dizziness and nausea are the most often reported.
            - Don't drive or use machinery if you feel drowsy.
        """,
        "interactions": """
            - Alcohol, sleeping pills and other sedating medicines can add to its effect.
            - Blood thinners, some epilepsy medicines, diabetes and blood-pressure medicines,
              and medicines that suppress the immune system: ask a pharmacist first.
        """,
        "avoid_if": """
            - You are pregnant or breastfeeding, unless a doctor advises it.
            - It is for a child: ask a doctor first.
            - You have liver disease, epilepsy or an autoimmune condition: ask a doctor first.
        """,
        "forms": [],
    },
    {
        "name": "Valerian",
        "slug": "valerian",
        "interacts_with": [
            ("sleeping pills", "together they may add to drowsiness."),
            ("sedatives", "together they may add to drowsiness."),
            ("antihistamines", "some antihistamines and valerian together may add to drowsiness."),
        ],
        "kind": "herb",
        "featured": False,
        "summary": (
            "The root of the valerian plant (Valeriana officinalis), traditionally used as a "
            "sleep aid and for nervousness."
        ),
        "body": """
            ## What it is

            Valerian root is sold as capsules, tablets, tinctures and teas, often mixed with
            hops or lemon balm. The dried root has a strong, earthy smell.

            ## What the research shows

            A review of 16 placebo-controlled trials found that valerian might improve how
            well people feel they slept, without notable side effects. The trials had
            weaknesses, though, and there were signs that studies with disappointing results
            went unpublished.
        """,
        "dosage": """
            Products and doses vary. Follow the label, use it for a limited time, and ask a
            pharmacist if you are unsure.
        """,
        "side_effects": """
            - Usually mild: headache, dizziness, stomach upset or grogginess the next morning.
            - Rare liver problems have been reported with products containing valerian, often
              mixed with other herbs.
        """,
        "interactions": """
            - Alcohol, sleeping pills, some antihistamines and other sedating medicines may
              add to drowsiness.
        """,
        "avoid_if": """
            - Pregnancy and breastfeeding: its safety has not been established.
            - Young children.
            - Liver disease.
            - Planned surgery: stop beforehand and tell your anaesthetist.
        """,
        "forms": [],
    },
    {
        "name": "Chamomile",
        "slug": "chamomile",
        "interacts_with": [
            ("sedatives", "it may add to their effect."),
            ("blood thinners", "it might interact with blood thinners such as warfarin."),
        ],
        "kind": "herb",
        "featured": False,
        "summary": (
            "A daisy-like flower (German chamomile, Matricaria recutita) drunk as a tea and "
            "taken as an extract for calm and sleep."
        ),
        "body": """
            ## What it is

            Chamomile tea is one of the most widely drunk herbal teas. Extracts in capsules
            are more concentrated than tea.

            ## What the research shows

            In a small trial of 57 people with mild to moderate generalised anxiety disorder,
            8 weeks of chamomile extract lowered anxiety scores somewhat more than placebo.
            The effect was modest and needs confirming in larger studies.
        """,
        "dosage": """
            As a tea, a cup made with one tea bag or a spoonful of dried flowers. For
            extracts, follow the label.
        """,
        "side_effects": """
            - Generally well tolerated.
            - Allergic reactions can happen, especially in people allergic to plants of the
              daisy family such as ragweed, chrysanthemums and marigolds.
        """,
        "interactions": """
            - May add to the effect of sedating medicines.
            - Might interact with blood thinners such as warfarin; ask a pharmacist if you
              take one.
        """,
        "avoid_if": """
            - You are allergic to plants of the daisy family.
            - You are pregnant or breastfeeding and thinking of taking extracts: ask first.
        """,
        "forms": [
            ("Tea", "Dried flowers or tea bags steeped in hot water."),
            ("Extract", "Concentrated capsules or tinctures; the anxiety trial used an extract."),
        ],
    },
    {
        "name": "Lavender oil (oral preparation)",
        "slug": "lavender-oil",
        "dose_limits": [
            ("library", "160", "mg", "the standardised oral preparation", "kasper-2014")
        ],
        "interacts_with": [
            ("sedatives", "little is known about taking them together."),
        ],
        "kind": "herb",
        "featured": False,
        "summary": (
            "A standardised lavender oil in capsules taken by mouth and studied for anxiety; not "
            "the same as aromatherapy essential oil, which should never be swallowed."
        ),
        "body": """
            ## What it is

            The trials used one specific preparation of lavender oil (Silexan) in capsules.
            Essential oils sold for aromatherapy are not made to be taken by mouth and can be
            harmful if swallowed.

            ## What the research shows

            In 221 adults with anxiety that did not meet the full criteria for generalised
            anxiety disorder, 80 mg a day for 10 weeks was reported to work better than
            placebo. In a larger trial of 539 adults with generalised anxiety disorder, 80 mg
            or 160 mg a day for 10 weeks reduced anxiety scores more than placebo.
        """,
        "dosage": """
            The trials used 80 mg or 160 mg a day of the standardised preparation. Follow the
            product label.
        """,
        "side_effects": """
            - Burping with a taste of lavender and mild stomach upset.
            - Allergic skin reactions are possible.
        """,
        "interactions": """
            - Little is known. Ask a pharmacist if you take sedatives or other medicines for
              anxiety or sleep.
        """,
        "avoid_if": """
            - Pregnancy and breastfeeding.
            - Children.
            - Never swallow aromatherapy essential oils.
        """,
        "forms": [],
    },
    {
        "name": "Ashwagandha",
        "slug": "ashwagandha",
        "dose_limits": [("library", "240", "mg", "a standardised extract", "lopresti-2019")],
        "interacts_with": [
            ("sedatives", "it may add to their effect."),
            ("thyroid medicines", "ashwagandha may affect thyroid hormone levels."),
            ("diabetes medicines", "its page says to ask a pharmacist before combining them."),
            (
                "blood-pressure medicines",
                "its page says to ask a pharmacist before combining them.",
            ),
            ("immunosuppressants", "its page says to ask a pharmacist before combining them."),
        ],
        "kind": "herb",
        "featured": False,
        "summary": (
            "A herb from Ayurvedic medicine (Withania somnifera) whose root extracts are taken "
            "for stress and sleep."
        ),
        "body": """
            ## What it is

            Ashwagandha is a small shrub whose root is used in traditional Indian medicine.
            Supplements are usually extracts standardised to certain compounds, and products
            differ widely.

            ## What the research shows

            In a small trial of 60 stressed but healthy adults, 240 mg a day of a standardised
            extract for 60 days lowered anxiety scores and morning cortisol more than placebo;
            the change on a self-rated stress scale only came close to significance. Larger
            and longer studies are needed.
        """,
        "dosage": """
            The trial used 240 mg a day of a standardised extract. Follow the product label and
            use it for a limited time.
        """,
        "side_effects": """
            - Stomach upset, diarrhoea and drowsiness.
            - Rare cases of liver injury have been reported with ashwagandha products.
        """,
        "interactions": """
            - Sedatives and alcohol.
            - Thyroid medicines: ashwagandha may affect thyroid hormone levels.
            - Medicines for diabetes or high blood pressure, and medicines that suppress the
              immune system: ask a pharmacist.
        """,
        "avoid_if": """
            - Pregnancy and breastfeeding.
            - Liver disease.
            - Thyroid disease, an autoimmune condition or planned surgery, unless your doctor
              agrees.
        """,
        "forms": [],
    },
    {
        "name": "Riboflavin (vitamin B2)",
        "slug": "riboflavin",
        "dose_limits": [("library", "400", "mg", "", "schoenen-1998")],
        "kind": "supplement",
        "featured": False,
        "summary": (
            "A B vitamin found in milk, eggs, meat and fortified cereals; high doses have been "
            "studied for preventing migraine."
        ),
        "body": """
            ## What it is

            Riboflavin helps the body turn food into energy. Most people get enough from a
            normal diet.

            ## What the research shows

            In a trial of 55 people with migraine, 400 mg a day for 3 months reduced the
            number of attacks and headache days compared with placebo, with only minor side
            effects. It is a single small trial, so the evidence is limited. Like other
            preventive treatments, it is taken every day and judged over months, not days.
        """,
        "dosage": """
            The migraine trial used 400 mg a day, far more than food or a multivitamin
            provides. Talk to your doctor about migraine prevention before starting.
        """,
        "side_effects": """
            - Bright yellow urine, which is harmless.
            - Occasional stomach upset at high doses.
        """,
        "interactions": """
            - No important interactions are well known. Tell your doctor and pharmacist what
              you take.
        """,
        "avoid_if": """
            - Pregnancy and breastfeeding: high doses have not been well studied, so ask
              first.
        """,
        "forms": [],
    },
    {
        "name": "Ginger",
        "slug": "ginger",
        "dose_limits": [("library", "1", "g", "", "thomson-2014")],
        "interacts_with": [
            ("blood thinners", "ginger might add to their effect."),
        ],
        "kind": "food",
        "featured": False,
        "summary": (
            "The root of Zingiber officinale, used in cooking and taken as tea, sweets or "
            "capsules, especially for nausea."
        ),
        "body": """
            ## What it is

            Ginger is a common spice. For nausea it is taken as fresh or powdered root, tea,
            biscuits, sweets or capsules.

            ## What the research shows

            In early pregnancy, two meta-analyses found that ginger eased nausea compared with
            placebo. One, pooling 12 trials, found it did not clearly reduce vomiting and
            showed no significant increase in miscarriage, heartburn or drowsiness; the other,
            of 6 trials, found about 1 g a day for at least 4 days was linked to more women
            improving.
        """,
        "dosage": """
            Studies in pregnancy used about 1 g of ginger a day. Talk to your midwife or
            doctor before taking ginger supplements in pregnancy.
        """,
        "side_effects": """
            - Heartburn, stomach discomfort or mouth irritation in some people.
        """,
        "interactions": """
            - Ginger might add to the effect of blood thinners; ask a pharmacist if you take
              one.
        """,
        "avoid_if": """
            - You have a bleeding disorder or take blood thinners: ask a doctor before taking
              supplements.
            - You are pregnant: check with your midwife or doctor before taking supplements.
        """,
        "forms": [
            ("Fresh or powdered root", "As used in cooking, or steeped as tea."),
            ("Capsules", "Powdered root in measured doses."),
        ],
    },
    {
        "name": "Peppermint oil",
        "slug": "peppermint-oil",
        "interacts_with": [
            ("antacids", "they can make the coating of the capsules dissolve too early."),
            ("H2 blockers", "they can make the coating of the capsules dissolve too early."),
            (
                "proton pump inhibitors",
                "they can make the coating of the capsules dissolve too early.",
            ),
        ],
        "kind": "herb",
        "featured": True,
        "summary": (
            "Oil from the peppermint plant (Mentha × piperita), taken in enteric-coated capsules "
            "to ease the pain and bloating of irritable bowel syndrome."
        ),
        "body": """
            ## What it is

            Peppermint oil relaxes the smooth muscle in the wall of the gut. Capsules for IBS
            are usually enteric-coated, so that they pass through the stomach and release the
            oil in the intestine.

            ## What the research shows

            Two meta-analyses support it. One found that, across four trials, peppermint oil
            more than halved the risk of symptoms persisting compared with placebo; a later
            one of 12 trials found it improved overall IBS symptoms and abdominal pain, with
            side effects not significantly more common than with placebo.
        """,
        "dosage": """
            Follow the label of an enteric-coated product made for IBS, usually taken before
            meals. Swallow capsules whole; don't chew or break them.
        """,
        "side_effects": """
            - Heartburn or reflux, especially if capsules are chewed.
            - Nausea, a minty aftertaste, or a burning feeling around the bottom.
        """,
        "interactions": """
            - Antacids, H2 blockers and proton pump inhibitors can make the coating dissolve
              too early and cause heartburn; ask a pharmacist how to space them.
        """,
        "avoid_if": """
            - You have reflux or a hiatus hernia.
            - For young children: never give peppermint oil, and never put it near a baby's
              face.
            - You have new bowel symptoms that a doctor has not yet checked.
        """,
        "forms": [],
    },
    {
        "name": "Turmeric (curcumin)",
        "slug": "turmeric",
        "interacts_with": [
            ("blood thinners", "curcumin might increase the risk of bleeding."),
            ("antiplatelet medicines", "curcumin might increase the risk of bleeding."),
        ],
        "kind": "herb",
        "featured": False,
        "summary": (
            "A yellow spice (Curcuma longa) whose main active compound, curcumin, is taken as an "
            "extract for joint pain and inflammation."
        ),
        "body": """
            ## What it is

            Turmeric is used in cooking, notably in curries. Curcumin on its own is poorly
            absorbed, so supplements often combine it with piperine from black pepper or use
            special formulations.

            ## What the research shows

            A meta-analysis of 8 small trials found that turmeric or curcumin extracts reduced
            arthritis pain and symptom scores compared with placebo, and pain relief did not
            differ significantly from pain medication, but the trials were few and small. A
            broader review describes possible benefits in other inflammatory and metabolic
            conditions; most of that evidence is early.
        """,
        "dosage": """
            Doses and formulations in studies vary. Follow the label; the amounts used in
            cooking are much smaller than supplement doses.
        """,
        "side_effects": """
            - Stomach upset, nausea or diarrhoea.
            - Rare cases of liver injury have been reported with turmeric supplements.
        """,
        "interactions": """
            - Blood thinners and antiplatelet medicines: curcumin might increase the risk of
              bleeding.
            - Piperine in some products can change how the body handles several medicines;
              check with a pharmacist.
        """,
        "avoid_if": """
            - You have gallstones or a bile duct problem.
            - You have surgery planned.
            - You are pregnant: avoid supplement doses (amounts in food are fine).
        """,
        "forms": [],
    },
    {
        "name": "Omega-3 fatty acids (fish oil)",
        "slug": "omega-3",
        "interacts_with": [
            ("blood thinners", "high doses might increase the risk of bleeding."),
        ],
        "kind": "supplement",
        "featured": False,
        "summary": (
            "Long-chain fats (EPA and DHA) found in oily fish and in fish-oil or algae-oil "
            "supplements, studied among other things for depression."
        ),
        "body": """
            ## What it is

            Omega-3 fatty acids are found in oily fish such as salmon, mackerel and sardines.
            Supplements are made from fish oil, krill oil or algae (suitable for vegetarians).

            ## What the research shows

            For major depression, a Cochrane review of 25 placebo-controlled comparisons found
            only a small, uncertain benefit that is unlikely to matter for most people, with
            side effects similar to placebo. Omega-3s should not replace proven treatments for
            depression.
        """,
        "dosage": """
            Doses in studies vary. Follow the label; eating oily fish is a simple way to get
            omega-3s.
        """,
        "side_effects": """
            - Fishy aftertaste, burping, indigestion and loose stools.
        """,
        "interactions": """
            - Blood thinners such as warfarin: high doses might increase the risk of bleeding,
              so tell your doctor.
        """,
        "avoid_if": """
            - You are allergic to fish or shellfish (ask a doctor about algae-based products).
            - You have a bleeding disorder or surgery planned: ask first.
        """,
        "forms": [
            ("Fish oil", "The most common source of EPA and DHA."),
            ("Algae oil", "Made from algae rather than fish; suitable for vegetarians."),
        ],
    },
    {
        "name": "Vitamin D",
        "slug": "vitamin-d",
        "interacts_with": [
            ("thiazide diuretics", "combined with vitamin D they can raise calcium levels."),
            ("orlistat", "it can reduce how much vitamin D is absorbed."),
            ("cholestyramine", "it can reduce how much vitamin D is absorbed."),
        ],
        "kind": "supplement",
        "featured": False,
        "summary": (
            "A vitamin the skin makes in sunlight, needed to absorb calcium and keep bones "
            "healthy; supplements treat and prevent deficiency."
        ),
        "body": """
            ## What it is

            Vitamin D comes mainly from sunlight on the skin, with smaller amounts from oily
            fish, eggs and fortified foods. Supplements contain vitamin D3 (cholecalciferol)
            or vitamin D2 (ergocalciferol).

            ## What it is used for

            Supplements are widely used to prevent and treat vitamin D deficiency, which can
            cause rickets in children and weak bones in adults. A blood test shows your vitamin
            D status; your doctor can tell you whether you need one.
        """,
        "dosage": """
            The right dose depends on your age, your blood level and your circumstances.
            Follow the official advice where you live or your doctor's advice; treatment
            doses for deficiency are set by a doctor.
        """,
        "side_effects": """
            - Uncommon at usual doses.
            - Too much for a long time can raise blood calcium, causing nausea, vomiting,
              weakness, confusion, thirst and kidney problems.
        """,
        "interactions": """
            - Thiazide diuretics, combined with vitamin D, can raise calcium levels.
            - Some medicines, such as certain epilepsy drugs and steroids, can lower vitamin D
              levels.
            - Orlistat and cholestyramine can reduce its absorption.
        """,
        "avoid_if": """
            - You have a high calcium level, sarcoidosis, kidney stones or kidney disease:
              take it only on medical advice.
        """,
        "forms": [
            ("Vitamin D3 (cholecalciferol)", "The form the skin makes; the most common form."),
            ("Vitamin D2 (ergocalciferol)", "Made from yeast or mushrooms exposed to UV light."),
        ],
    },
    {
        "name": "Zinc",
        "slug": "zinc",
        "interacts_with": [
            ("quinolone antibiotics", "zinc reduces how much of the antibiotic is absorbed."),
            ("tetracycline antibiotics", "zinc reduces how much of the antibiotic is absorbed."),
            ("antibiotics", "zinc reduces how much of some antibiotics is absorbed."),
            ("penicillamine", "zinc reduces how much of it is absorbed."),
        ],
        "kind": "supplement",
        "featured": False,
        "summary": (
            "An essential mineral; zinc lozenges and syrups are taken once a cold starts to try "
            "to shorten it."
        ),
        "body": """
            ## What it is

            Zinc is a mineral involved in immune function and wound healing. It is found in
            meat, shellfish, dairy foods, beans, nuts and whole grains.

            ## What the research shows

            A meta-analysis of 17 trials found that oral zinc shortened colds by about 1.65
            days overall, and by about 2.6 days in adults, but not clearly in children.
            Results varied a lot between studies, and bad taste and nausea were more common
            with zinc.
        """,
        "dosage": """
            Products and doses vary. Follow the label and use zinc only for the few days of a
            cold; long-term high doses are not recommended.
        """,
        "side_effects": """
            - Bad taste and nausea are common.
            - Long-term high doses can cause copper deficiency.
            - Zinc nasal sprays and gels have been linked to loss of the sense of smell; avoid
              them.
        """,
        "interactions": """
            - Zinc reduces the absorption of some antibiotics (quinolones and tetracyclines)
              and of penicillamine; space the doses apart as your pharmacist advises.
        """,
        "avoid_if": """
            - Don't use zinc nasal sprays or gels.
            - Ask a pharmacist first if you take antibiotics or long-term medicines.
        """,
        "forms": [
            ("Lozenges", "Dissolved slowly in the mouth."),
            ("Syrup or tablets", "Swallowed forms, often used for children and adults."),
        ],
    },
    {
        "name": "Vitamin C",
        "slug": "vitamin-c",
        "kind": "supplement",
        "featured": False,
        "summary": (
            "An essential vitamin found in fruit and vegetables, widely taken in the hope of "
            "preventing or shortening colds."
        ),
        "body": """
            ## What it is

            Vitamin C (ascorbic acid) is found in citrus fruit, berries, peppers, kiwi fruit
            and green vegetables. The body cannot make it.

            ## What the research shows

            A Cochrane review of placebo-controlled trials found that taking vitamin C
            regularly (at least 0.2 g a day) did not make colds less frequent in the general
            population, but slightly shortened them, by about 8% in adults. In people under
            heavy physical stress, such as marathon runners and soldiers, regular vitamin C
            roughly halved the risk of catching a cold.
        """,
        "dosage": """
            The review looked at vitamin C taken regularly, at least 0.2 g a day. A varied diet
            with fruit and vegetables gives most people plenty of vitamin C.
        """,
        "side_effects": """
            - High doses can cause diarrhoea, stomach cramps and nausea.
            - High doses may raise the risk of kidney stones in some people.
        """,
        "interactions": """
            - Few important interactions at ordinary doses. Ask a pharmacist if you are having
              cancer treatment or take several medicines.
        """,
        "avoid_if": """
            - You have had kidney stones or have kidney disease: avoid high doses.
            - You have haemochromatosis (iron overload): vitamin C increases iron absorption.
        """,
        "forms": [],
    },
    {
        "name": "Probiotics",
        "slug": "probiotics",
        "interacts_with": [
            ("antifungal medicines", "they can affect yeast probiotics."),
            ("immunosuppressants", "its page says to ask a doctor first."),
        ],
        "kind": "supplement",
        "featured": True,
        "summary": (
            "Live microorganisms, such as certain Lactobacillus, Bifidobacterium and "
            "Saccharomyces strains, taken to support the balance of bacteria in the gut."
        ),
        "body": """
            ## What it is

            Probiotics come as capsules, powders and fermented foods such as yoghurt and
            kefir. Each product contains particular strains, and effects found for one strain
            may not apply to another.

            ## What the research shows

            Two large reviews link taking probiotics alongside antibiotics to less
            antibiotic-associated diarrhoea: one pooled 63 trials in people of all ages, the
            other 33 trials in children. Results differed between strains and groups of
            people.
        """,
        "dosage": """
            Products differ in strains and amounts. Follow the label and take them alongside
            the antibiotic course, as in the trials; a pharmacist can help you choose.
        """,
        "side_effects": """
            - Mild wind and bloating in the first few days.
            - Rarely, serious infections in people who are very ill or have a weakened immune
              system.
        """,
        "interactions": """
            - Antibiotics can kill bacterial probiotics, and antifungal medicines can affect
              yeast probiotics (Saccharomyces); ask a pharmacist about timing.
            - Medicines that suppress the immune system: ask a doctor first.
        """,
        "avoid_if": """
            - You have a weakened immune system, a serious illness or a central venous line,
              or the baby was born prematurely: use only on medical advice.
        """,
        "forms": [
            ("Capsules and powders", "Measured doses of named strains."),
            ("Fermented foods", "Yoghurt and kefir; amounts and strains are less predictable."),
        ],
    },
    {
        "name": "St John's wort",
        "slug": "st-johns-wort",
        "interacts_with": [
            ("hormonal contraceptives", "they may work less well."),
            ("immunosuppressants", "their levels can fall dangerously."),
            ("HIV medicines", "their levels can fall dangerously."),
            ("cancer drugs", "the levels of some can fall dangerously."),
            ("antidepressants", "together they risk serotonin syndrome."),
            ("triptans", "together they risk serotonin syndrome."),
            ("blood thinners", "it changes how the body handles warfarin."),
            ("heart medicines", "it changes how the body handles digoxin."),
        ],
        "kind": "herb",
        "featured": False,
        "summary": (
            "A yellow-flowered plant (Hypericum perforatum) used for low mood and depression, "
            "which interacts with many prescription medicines."
        ),
        "body": """
            ## What it is

            St John's wort extracts are made from the flowering tops of the plant. Products
            differ in strength and make-up. In some countries it is a licensed medicine for
            depression; elsewhere it is sold as a supplement.

            ## What the research shows

            A Cochrane review of 29 trials in people with major depression found St John's
            wort extracts worked better than placebo and about as well as standard
            antidepressants, with fewer people stopping because of side effects.

            ## Why interactions matter

            St John's wort speeds up a liver enzyme, CYP3A4, and a transporter called
            P-glycoprotein. Together they can lower the levels of many medicines so that they
            work less well, including hormonal contraceptives, ciclosporin and tacrolimus
            (used after transplants), HIV medicines and some cancer drugs.
        """,
        "dosage": """
            Extracts and doses vary between products. Take St John's wort only after talking
            to your doctor or pharmacist about your other medicines.
        """,
        "side_effects": """
            - Stomach upset, dry mouth, dizziness, tiredness and restlessness.
            - Skin that burns more easily in sunlight.
        """,
        "interactions": """
            - **Hormonal contraceptives**: may work less well; use another method as well.
            - **Transplant medicines** (ciclosporin, tacrolimus), **HIV medicines** and **some
              cancer drugs**: their levels can fall dangerously.
            - **Antidepressants and other medicines that raise serotonin**, including triptans
              for migraine: risk of serotonin syndrome.
            - **Warfarin, digoxin** and many others: ask a pharmacist before combining.
        """,
        "avoid_if": """
            - You take any prescription medicine, unless a pharmacist has checked it.
            - You have bipolar disorder.
            - You are pregnant or breastfeeding.
            - Your depression is severe or you have thoughts of harming yourself: see a doctor
              urgently instead.
        """,
        "forms": [],
    },
    {
        "name": "Yoga",
        "slug": "yoga",
        "kind": "practice",
        "featured": False,
        "summary": (
            "A mind–body practice that combines postures, breathing and relaxation, studied for "
            "chronic low back pain among other conditions."
        ),
        "body": """
            ## What it is

            There are many styles of yoga, from gentle and therapeutic to vigorous. Classes
            for back pain usually adapt the postures for beginners.

            ## What the research shows

            A Cochrane review of 21 trials in adults with chronic non-specific low back pain
            found that yoga improved back-related function somewhat more than no exercise at
            3 and 6 months, with slightly less pain. It did not clearly beat other exercise.
            Minor side effects were more common than with no exercise, but none were serious.
        """,
        "dosage": """
            Start gently with a beginners' or back-care class led by a qualified teacher, tell
            the teacher about your back, and practise regularly.
        """,
        "side_effects": """
            - Muscle soreness or a temporary increase in pain.
            - Don't force postures; stop and seek advice if pain shoots down a leg or you feel
              numbness.
        """,
        "interactions": """
            None with medicines.
        """,
        "avoid_if": """
            - You have recently had back surgery or an injury, or you have osteoporosis,
              glaucoma or are pregnant: ask a doctor or physiotherapist which postures are
              safe.
        """,
        "forms": [],
    },
    {
        "name": "Cognitive behavioural therapy for insomnia (CBT-I)",
        "slug": "cbt-i",
        "kind": "practice",
        "featured": True,
        "summary": (
            "A structured course of talking therapy that changes the habits and thoughts that "
            "keep insomnia going; usually the first treatment recommended for chronic insomnia."
        ),
        "body": """
            ## What it is

            CBT-I runs over several sessions with a trained therapist, in a group, or through
            a structured digital programme. It combines:

            - **sleep restriction**: matching time in bed to the time you actually sleep, then
              extending it gradually;
            - **stimulus control**: keeping the bed for sleep and getting up if you can't
              sleep;
            - **cognitive techniques**: working on worries and beliefs about sleep;
            - **sleep habits and relaxation**.

            ## What the research shows

            Across 20 trials in adults with chronic insomnia, face-to-face CBT-I helped people
            fall asleep about 19 minutes sooner, cut time awake during the night by about 26
            minutes and improved sleep efficiency, with effects that appeared to last.
        """,
        "dosage": """
            Usually a course of several weekly sessions. Ask your doctor about local services
            or recommended digital programmes.
        """,
        "side_effects": """
            - Sleep restriction can make you sleepier during the day in the first weeks; take
              care when driving.
        """,
        "interactions": """
            None with medicines; it can be used alongside them. Ask your doctor before
            stopping sleeping tablets.
        """,
        "avoid_if": """
            - Sleep restriction needs professional supervision if you have bipolar disorder,
              epilepsy or untreated sleep apnoea, or if your work is safety-critical.
        """,
        "forms": [
            ("Face-to-face", "One-to-one or group sessions with a trained therapist."),
            ("Digital", "Structured online or app-based programmes."),
        ],
    },
]
