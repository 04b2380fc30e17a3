"""Demo conditions. Bodies are Markdown; codes are ICD-10-CM ("F51.0x" covers F51.0…)."""

from typing import Any

CONDITIONS: list[dict[str, Any]] = [
    {
        "name": "Insomnia",
        "slug": "insomnia",
        "summary": (
            "Trouble falling asleep, staying asleep or waking too early, often enough that it "
            "affects how you feel and cope during the day."
        ),
        "synonyms": ["Sleeplessness", "Trouble sleeping", "Chronic insomnia", "Primary insomnia"],
        "icd10_codes": "G47.0, F51.0x",
        "related": ["anxiety", "depression", "stress"],
        "featured": True,
        "body": """
            ## What it is

            Insomnia means regularly finding it hard to fall asleep or stay asleep, or waking
            earlier than you want and not getting back to sleep, together with feeling the
            effects during the day: tiredness, low mood, irritability or poor concentration.
            Short spells often follow stress, illness or a change of routine. When the problem
            goes on for months it is called chronic insomnia.

            ## What tends to help

            Cognitive behavioural therapy for insomnia (CBT-I) has strong research behind it
            and is usually the first treatment recommended for chronic insomnia. Regular sleep
            and wake times, a wind-down routine and less caffeine and alcohol later in the day
            are sensible habits for most people. Some supplements, such as melatonin, have
            been studied, generally with small effects.

            ## When to see a professional

            See a doctor if poor sleep lasts more than a few weeks, if you snore loudly or
            stop breathing in your sleep, if you feel very sleepy during the day (for example
            while driving), or if worry or low mood keep you awake. Poor sleep can be a sign
            of another condition, and some medicines disturb sleep.
        """,
    },
    {
        "name": "Migraine",
        "slug": "migraine",
        "summary": (
            "A recurring headache disorder with attacks of often throbbing, one-sided head pain "
            "that can come with nausea and sensitivity to light and sound."
        ),
        "synonyms": ["Migraine headache", "Migraine with aura", "Migraine without aura"],
        "icd10_codes": "G43",
        "related": ["stress"],
        "featured": True,
        "body": """
            ## What it is

            Migraine is a common neurological condition. Attacks usually last from a few hours
            to a few days and can bring nausea, vomiting and sensitivity to light, sound or
            smells. Some people have an aura first: visual changes such as zigzag lines or
            flashing lights, or tingling.

            ## Prevention and natural approaches

            If attacks are frequent, a doctor may suggest a preventive treatment. A headache
            diary can help you spot triggers such as missed meals, poor sleep or stress.
            Riboflavin (vitamin B2) and magnesium have been studied for prevention; the
            evidence is limited, but both are generally well tolerated, so some people try
            them alongside their doctor's advice.

            ## When to get help urgently

            Get urgent medical help for a sudden, severe headache unlike any before, a
            headache with fever and a stiff neck, confusion, weakness, numbness or trouble
            speaking, or a headache after a head injury. A new pattern of headaches should
            also be checked by a doctor.
        """,
    },
    {
        "name": "Anxiety",
        "slug": "anxiety",
        "summary": (
            "Worry, nervousness or fear that is hard to control, lasts for months and gets in "
            "the way of daily life, as in generalised anxiety disorder."
        ),
        "synonyms": [
            "Generalized anxiety disorder",
            "Generalised anxiety disorder",
            "GAD",
            "Anxiety disorder",
        ],
        "icd10_codes": "F41.1",
        "related": ["stress", "depression", "insomnia"],
        "featured": True,
        "body": """
            ## What it is

            Everyone feels anxious at times. Generalised anxiety disorder (GAD) is diagnosed
            when worry about many everyday things is hard to control, lasts for months and
            comes with symptoms such as restlessness, tiredness, poor concentration,
            irritability, muscle tension or poor sleep.

            ## Treatment and natural approaches

            Talking therapies, especially cognitive behavioural therapy, and some medicines
            are the established treatments. Regular physical activity, enough sleep and less
            caffeine and alcohol help many people feel better. Of the natural products in our
            library, an oral lavender-oil preparation has the most trial evidence; chamomile
            has been tested in one small trial.

            ## When to see a professional

            Talk to a doctor if anxiety affects your work, relationships or sleep, or if you
            use alcohol or drugs to cope. If you have thoughts of harming yourself, get help
            straight away from emergency services or a crisis line.
        """,
    },
    {
        "name": "Stress",
        "slug": "stress",
        "summary": (
            "The strain people feel when demands seem greater than their ability to cope; short "
            "bursts are normal, but lasting stress can affect sleep, mood and health."
        ),
        "synonyms": ["Psychological stress", "Chronic stress", "Nervous tension"],
        "icd10_codes": "Z73.3",
        "related": ["anxiety", "insomnia", "depression", "migraine"],
        "featured": False,
        "body": """
            ## What it is

            Stress is how body and mind respond to pressure from work, money, relationships,
            caring for others or illness. It can show up as tension, irritability, trouble
            sleeping, headaches or an upset stomach. Stress is not an illness in itself, but
            when it lasts it can make other conditions harder to live with.

            ## What tends to help

            Practical steps often matter most: naming the main sources of pressure, asking for
            support, regular physical activity, time outdoors, keeping in touch with people
            and protecting your sleep. Relaxation practices such as slow breathing,
            mindfulness and yoga help some people. Ashwagandha, a herb, has been tested in a
            small trial of stressed adults.

            ## When to see a professional

            See a doctor or a mental-health professional if stress goes on for weeks, if you
            feel unable to cope, or if you notice signs of anxiety or depression. Get help
            straight away if you have thoughts of harming yourself.
        """,
    },
    {
        "name": "Depression",
        "slug": "depression",
        "summary": (
            "Persistent low mood or loss of interest and pleasure that lasts for weeks and "
            "affects daily life; it is common and treatable."
        ),
        "synonyms": ["Major depressive disorder", "Clinical depression", "Depressive disorder"],
        "icd10_codes": "F32, F33",
        "related": ["anxiety", "insomnia", "stress"],
        "featured": True,
        "body": """
            ## What it is

            Depression is more than feeling down for a day or two. In major depression, low
            mood or a loss of interest in things you usually enjoy lasts most of the day,
            nearly every day, for weeks at a time. It often comes with changes in sleep and
            appetite, tiredness, poor concentration, feelings of worthlessness or guilt, and
            sometimes thoughts of death.

            ## Treatment and natural approaches

            Talking therapies, antidepressant medicines or both are the established
            treatments; the right choice depends on how severe the depression is. Physical
            activity, a daily routine and staying connected with others support recovery.
            St John's wort has been compared with placebo and with antidepressants in many
            trials, but it interacts with many medicines. Omega-3 supplements have shown at
            best a small effect.

            ## When to get help

            See a doctor if low mood lasts more than a couple of weeks or affects your daily
            life. If you have thoughts of suicide or of harming yourself, contact emergency
            services or a crisis line now, or tell someone you trust. Don't stop prescribed
            antidepressants, or add St John's wort to them, without medical advice.
        """,
    },
    {
        "name": "Irritable bowel syndrome",
        "slug": "irritable-bowel-syndrome",
        "summary": (
            "A common, long-term gut disorder that causes recurring abdominal pain with "
            "diarrhoea, constipation or both, without visible damage to the bowel."
        ),
        "synonyms": ["IBS", "Spastic colon", "Irritable colon"],
        "icd10_codes": "K58",
        "related": ["stress"],
        "featured": True,
        "body": """
            ## What it is

            Irritable bowel syndrome (IBS) causes abdominal pain or cramps, bloating and
            changes in bowel habit: diarrhoea, constipation or both. Symptoms tend to come and
            go and can be worse after meals or at stressful times. IBS does not damage the
            bowel, but it can affect quality of life a great deal.

            ## What tends to help

            Many people find changes to diet and routine helpful: regular meals, noticing
            which foods make symptoms worse, and adjusting fibre (soluble fibre such as
            ispaghula suits many people). Peppermint oil capsules have been tested in several
            trials and are one of the better-supported options for pain and overall symptoms.
            A dietitian can guide structured approaches such as a low-FODMAP diet.

            ## When to see a doctor

            Have IBS diagnosed by a doctor rather than assuming it. Bleeding from the bottom,
            unexplained weight loss, a lasting change in bowel habit later in life, anaemia,
            fever, or a family history of bowel cancer, coeliac disease or inflammatory bowel
            disease all need checking.
        """,
    },
    {
        "name": "Osteoarthritis",
        "slug": "osteoarthritis",
        "summary": (
            "The most common form of arthritis, in which a joint's cartilage and surrounding "
            "tissues change over time, causing pain and stiffness, often in knees, hips and hands."
        ),
        "synonyms": [
            "OA",
            "Degenerative joint disease",
            "Degenerative arthritis",
            "Wear-and-tear arthritis",
        ],
        "icd10_codes": "M15, M16, M17, M18, M19",
        "related": ["low-back-pain"],
        "featured": False,
        "body": """
            ## What it is

            Osteoarthritis affects the whole joint: cartilage, bone and the tissues around
            them. It most often affects the knees, hips, hands and spine, and becomes more
            common with age, after joint injuries and with excess body weight. Pain and
            stiffness tend to be worse after activity or after resting for a while.

            ## What tends to help

            Exercise that strengthens the muscles around a joint, staying active, and losing
            weight if you are overweight are central to managing osteoarthritis. Heat,
            supportive footwear and walking aids help some people. Turmeric and curcumin
            extracts have been tested for joint pain in a number of small trials.

            ## When to see a professional

            See a doctor or physiotherapist if joint pain limits your daily activities. A
            joint that is suddenly hot, red and swollen, especially with a fever, needs
            urgent medical assessment.
        """,
    },
    {
        "name": "Common cold",
        "slug": "common-cold",
        "summary": (
            "A mild viral infection of the nose and throat that usually clears up on its own "
            "within a week or two."
        ),
        "synonyms": ["Cold", "Head cold", "Acute nasopharyngitis", "Coryza"],
        "icd10_codes": "J00",
        "related": [],
        "featured": False,
        "body": """
            ## What it is

            Colds are caused by many different viruses. Typical symptoms are a blocked or
            runny nose, sore throat, sneezing, cough and feeling generally unwell. Antibiotics
            do not help, because they do not work against viruses.

            ## What tends to help

            Rest, fluids and simple remedies for symptoms are the mainstays. Zinc started
            once a cold begins and vitamin C taken regularly have both been studied; their
            effect on how long a cold lasts is modest at best. Washing hands regularly helps
            to limit the spread.

            ## When to see a doctor

            See a doctor if you have a high fever, trouble breathing or chest pain, if
            symptoms go on for several weeks, or if you have a long-term condition or a
            weakened immune system and your symptoms are getting worse.
        """,
    },
    {
        "name": "Nausea and vomiting of pregnancy",
        "slug": "nausea-and-vomiting-of-pregnancy",
        "summary": (
            "Feeling sick or being sick during pregnancy, often called morning sickness; it is "
            "common in the first months and usually eases as pregnancy goes on."
        ),
        "synonyms": ["Morning sickness", "Pregnancy sickness", "NVP", "Vomiting in pregnancy"],
        "icd10_codes": "O21",
        "related": [],
        "featured": False,
        "body": """
            ## What it is

            Nausea and vomiting are common in early pregnancy and, despite the name "morning
            sickness", can happen at any time of day. For most people they ease as pregnancy
            goes on. A severe form, hyperemesis gravidarum, causes persistent vomiting,
            dehydration and weight loss and needs medical treatment.

            ## What tends to help

            Small, frequent meals, plain snacks, drinking little and often, and rest help many
            people. Ginger has been studied in several trials and appears to ease nausea,
            though it did not clearly reduce vomiting. Your midwife or doctor can also offer
            anti-sickness medicines that are considered safe in pregnancy.

            ## When to get help

            Contact your midwife or doctor straight away if you cannot keep food or fluids
            down, pass very little or dark urine, feel dizzy or faint, have abdominal pain or
            a fever, or vomit blood. Check with your midwife, doctor or pharmacist before
            taking any supplement in pregnancy.
        """,
    },
    {
        "name": "Antibiotic-associated diarrhea",
        "slug": "antibiotic-associated-diarrhea",
        "summary": (
            "Loose or watery stools that start during or soon after a course of antibiotics, "
            "because the antibiotic upsets the usual balance of bacteria in the gut."
        ),
        "synonyms": [
            "Antibiotic-associated diarrhoea",
            "AAD",
            "Diarrhea from antibiotics",
            "Drug-induced diarrhea",
        ],
        "icd10_codes": "K52.1",
        "related": [],
        "featured": False,
        "body": """
            ## What it is

            Antibiotics kill the bacteria causing an infection, but they also disturb the
            helpful bacteria in the gut. Diarrhoea during or after a course is common, is
            usually mild, and settles once the course ends. Less often it is caused by an
            overgrowth of *Clostridioides difficile*, which can be serious.

            ## What tends to help

            Drink plenty of fluids to avoid dehydration. Taking probiotics alongside
            antibiotics has been studied in many trials in adults and children and is linked
            to fewer cases of diarrhoea, though results vary between products. Don't stop an
            antibiotic early without speaking to the prescriber.

            ## When to see a doctor

            Contact a doctor if diarrhoea is severe or watery many times a day, contains
            blood, comes with fever or strong abdominal pain, or goes on after the course has
            finished, especially if you are older or are, or have recently been, in hospital.
            These can be signs of *C. difficile* infection.
        """,
    },
    {
        "name": "Low back pain",
        "slug": "low-back-pain",
        "summary": (
            "Pain, muscle tension or stiffness between the bottom of the ribs and the buttocks; "
            "most episodes have no serious cause and improve with time and staying active."
        ),
        "synonyms": ["Lower back pain", "Lumbago", "Backache", "Lumbar pain"],
        "icd10_codes": "M54.5x",
        "related": ["osteoarthritis"],
        "featured": True,
        "body": """
            ## What it is

            Low back pain is one of the most common reasons people see a doctor. Most of the
            time no single cause is found (so-called non-specific back pain) and there is no
            serious damage. Pain that lasts for more than about three months is called
            chronic.

            ## What tends to help

            Staying as active as you can and returning gradually to normal activities usually
            helps more than bed rest. Exercise programmes, including yoga, have been tested
            for chronic back pain, with small to moderate gains in day-to-day function. Heat
            and simple pain relief help some people in the short term.

            ## When to get help urgently

            Get urgent medical help if back pain comes with numbness around the genitals or
            buttocks, new trouble passing urine or controlling your bladder or bowels,
            weakness in the legs or a fever, or if it follows a fall or injury. See a doctor
            if the pain is not improving after a few weeks or is getting worse.
        """,
    },
    {
        "name": "Vitamin D deficiency",
        "slug": "vitamin-d-deficiency",
        "summary": (
            "Too little vitamin D in the body, usually from too little sunlight on the skin; it "
            "weakens bones and, in children, can cause rickets."
        ),
        "synonyms": ["Low vitamin D", "Hypovitaminosis D", "Vitamin D insufficiency"],
        "icd10_codes": "E55",
        "related": ["magnesium-deficiency"],
        "featured": False,
        "body": """
            ## What it is

            The skin makes vitamin D in sunlight, and smaller amounts come from foods such as
            oily fish, eggs and fortified foods. Deficiency is more likely in people who get
            little sun on their skin, for example because they are mostly indoors or keep
            their skin covered, and in people with darker skin. Severe deficiency causes
            rickets in children and soft, painful bones (osteomalacia) in adults.

            ## Testing and treatment

            A blood test for 25-hydroxyvitamin D is the usual measure of vitamin D status.
            Deficiency is treated with vitamin D supplements, at a dose your doctor or
            pharmacist advises based on the result and your circumstances.

            ## Who should take care

            Very high doses taken for a long time can raise the level of calcium in the
            blood, which can be harmful. People with kidney disease, sarcoidosis or a high
            calcium level should take vitamin D only on medical advice.
        """,
    },
    {
        "name": "Magnesium deficiency",
        "slug": "magnesium-deficiency",
        "summary": (
            "Low magnesium in the body (hypomagnesaemia), often linked to gut or kidney "
            "problems, heavy drinking, or medicines such as some diuretics and acid-reducers."
        ),
        "synonyms": ["Hypomagnesemia", "Hypomagnesaemia", "Low magnesium"],
        "icd10_codes": "E83.42",
        "related": ["vitamin-d-deficiency"],
        "featured": False,
        "body": """
            ## What it is

            Magnesium takes part in hundreds of the body's enzyme reactions, and the gut,
            kidneys and bones work together to keep its level steady. Low magnesium can come
            from a poor diet, long-lasting diarrhoea, heavy alcohol use, poorly controlled
            diabetes, rare inherited conditions, and medicines such as some diuretics and
            proton pump inhibitors.

            ## Signs

            Mild deficiency may cause no symptoms. Early signs can include loss of appetite,
            nausea, tiredness and weakness; more severe deficiency can cause muscle cramps
            and twitching, numbness and an abnormal heart rhythm. Because most of the body's
            magnesium is inside cells and bone, a normal blood test does not always rule out
            low stores.

            ## Treatment

            Treatment depends on the cause and on how low the level is: more magnesium-rich
            foods, oral supplements, or, when levels are very low, magnesium given in
            hospital. People with kidney disease should take magnesium supplements only on
            medical advice, because their kidneys may not clear the excess.
        """,
    },
]
