# ruff: noqa: E501 - clinical prose; ruff format decides the wrapping of these strings
"""The demo question bank: botulinum toxin type A practice, for `seed_written_exam`.

Each question: (code, topic, difficulty, kind, stem, options, correct option numbers (0-based),
explanation). Case studies: (vignette code, title, text, [questions]). Written for the demo;
clinical content follows current product labelling and consensus practice, but this is demo
data, not teaching material.
"""

S, M, SC, C = "single", "multiple", "scenario", "case"
E, MD, H = "easy", "medium", "hard"

TOPICS = [
    ("pharmacology", "Pharmacology and pharmacodynamics"),
    ("anatomy", "Facial anatomy"),
    ("assessment", "Patient assessment"),
    ("complications", "Complications and their management"),
    ("ethics", "Ethics and consent"),
    ("aftercare", "Post-treatment care"),
]

QUESTIONS = [
    # --- pharmacology and pharmacodynamics ------------------------------------------------------
    (
        "pharm-mechanism",
        "pharmacology",
        MD,
        S,
        "Botulinum toxin type A reduces muscle contraction by cleaving which protein?",
        [
            "SNAP-25 in the presynaptic nerve terminal",
            "Synaptobrevin (VAMP)",
            "The postsynaptic nicotinic acetylcholine receptor",
            "Acetylcholinesterase",
        ],
        [0],
        "The type A light chain cleaves SNAP-25, part of the SNARE complex, so vesicles cannot "
        "release acetylcholine at the neuromuscular junction. Type B cleaves synaptobrevin.",
    ),
    (
        "pharm-onset",
        "pharmacology",
        E,
        S,
        "When does the clinical effect of botulinum toxin type A in the glabella usually begin?",
        ["Within the first hour", "After 2 to 5 days", "After 3 to 4 weeks", "After 3 months"],
        [1],
        "Onset is usually 2 to 5 days after injection (some patients notice it from day 1).",
    ),
    (
        "pharm-peak",
        "pharmacology",
        E,
        S,
        "When is the effect of a glabellar treatment usually at its peak?",
        ["At 24 hours", "At about 2 weeks", "At 6 weeks", "At 3 months"],
        [1],
        "The effect peaks at around 10 to 14 days, which is why reviews and top-ups are planned at "
        "two weeks.",
    ),
    (
        "pharm-duration",
        "pharmacology",
        E,
        S,
        "How long does the effect on the glabellar lines typically last?",
        ["1 to 2 weeks", "About 4 weeks", "About 3 to 4 months", "12 months or longer"],
        [2],
        "The effect typically lasts 3 to 4 months, as the nerve terminal recovers its function.",
    ),
    (
        "pharm-recovery",
        "pharmacology",
        H,
        S,
        "What underlies the return of muscle activity after botulinum toxin type A?",
        [
            "Antibodies clear the toxin from the muscle",
            "Nerve terminal sprouting, then recovery of SNAP-25 and exocytosis at the original terminal",
            "The muscle fibres atrophy and regenerate",
            "The toxin is excreted by the kidneys",
        ],
        [1],
        "Axonal sprouts form new junctions first; function then returns to the original terminal as "
        "the cleaved SNAP-25 is replaced, and the sprouts regress.",
    ),
    (
        "pharm-aminoglycosides",
        "pharmacology",
        MD,
        S,
        "Which medicine may potentiate the effect of botulinum toxin?",
        ["Gentamicin", "Paracetamol (acetaminophen)", "Cetirizine", "Topical tretinoin"],
        [0],
        "Aminoglycosides such as gentamicin impair neuromuscular transmission and may potentiate "
        "the toxin's effect.",
    ),
    (
        "pharm-interactions",
        "pharmacology",
        H,
        M,
        "Which of these may potentiate the effect of botulinum toxin type A? Choose all that apply.",
        [
            "Aminoglycoside antibiotics",
            "Non-depolarising neuromuscular blocking agents",
            "Paracetamol (acetaminophen)",
            "Oral isotretinoin",
        ],
        [0, 1],
        "Drugs that interfere with neuromuscular transmission (aminoglycosides, curare-like "
        "agents) can increase the effect; paracetamol and isotretinoin do not.",
    ),
    (
        "pharm-units",
        "pharmacology",
        MD,
        S,
        "A patient previously treated with abobotulinumtoxinA asks for the 'same dose' of "
        "onabotulinumtoxinA. What is true about the units?",
        [
            "Units are identical between products",
            "Units are not interchangeable between products",
            "One unit of any product equals 2.5 units of any other",
            "Units only differ for the masseter",
        ],
        [1],
        "Potency units are specific to each preparation and assay; they cannot be converted "
        "one-to-one between products.",
    ),
    (
        "pharm-storage",
        "pharmacology",
        E,
        S,
        "How are unopened vials of onabotulinumtoxinA stored?",
        [
            "At room temperature, away from light",
            "In a refrigerator at 2 to 8 °C",
            "Frozen at -20 °C only",
            "In a warming cabinet at 37 °C",
        ],
        [1],
        "Unopened vials are kept refrigerated at 2 to 8 °C (the label also allows freezer storage); "
        "check the product's own labelling.",
    ),
    (
        "pharm-diluent",
        "pharmacology",
        MD,
        S,
        "According to the onabotulinumtoxinA labelling, which diluent is used for reconstitution?",
        [
            "Sterile water for injection",
            "Sterile preservative-free 0.9% sodium chloride",
            "Lidocaine 1% with adrenaline",
            "5% glucose",
        ],
        [1],
        "The label specifies sterile, preservative-free 0.9% saline. Preserved (bacteriostatic) "
        "saline is widely used off-label and is reported to make injections less uncomfortable.",
    ),
    (
        "pharm-reconstitution",
        "pharmacology",
        MD,
        S,
        "What is the correct technique when reconstituting a vial?",
        [
            "Shake vigorously until the powder dissolves",
            "Inject the diluent slowly down the side of the vial and swirl gently; avoid foaming",
            "Heat the vial to body temperature first",
            "Use the diluent from an opened ampoule from yesterday",
        ],
        [1],
        "Vigorous agitation and bubbling can denature the protein. The vacuum should draw the "
        "diluent in; a vial without vacuum should not be used.",
    ),
    (
        "pharm-immunogenicity",
        "pharmacology",
        H,
        S,
        "Which practice most increases the risk of neutralising antibodies (secondary "
        "non-response)?",
        [
            "Treating every 3 to 4 months at the usual doses",
            "Frequent 'top-up' injections at short intervals and high cumulative doses",
            "Using preserved saline",
            "Treating the glabella and forehead in one session",
        ],
        [1],
        "Exposure to more antigen, more often, raises the risk: avoid boosters within a few weeks "
        "and use the lowest effective dose.",
    ),
    # --- facial anatomy -------------------------------------------------------------------------
    (
        "anat-glabellar-complex",
        "anatomy",
        MD,
        M,
        "Which muscles are the main targets when treating glabellar lines? Choose all that apply.",
        ["Procerus", "Corrugator supercilii", "Frontalis", "Zygomaticus major"],
        [0, 1],
        "The glabellar complex: procerus (horizontal lines at the nasal root) and the corrugators "
        "(vertical '11' lines), with depressor supercilii and medial orbicularis oculi.",
    ),
    (
        "anat-frontalis",
        "anatomy",
        E,
        S,
        "Which muscle is the only elevator of the eyebrows?",
        ["Procerus", "Corrugator supercilii", "Frontalis", "Orbicularis oculi"],
        [2],
        "The frontalis is the sole brow elevator; the procerus, corrugators and orbicularis oculi "
        "depress the brow.",
    ),
    (
        "anat-crows-feet",
        "anatomy",
        E,
        S,
        "Lateral canthal lines ('crow's feet') are produced by which muscle?",
        ["Lateral fibres of orbicularis oculi", "Zygomaticus minor", "Temporalis", "Risorius"],
        [0],
        "The lateral, orbital part of orbicularis oculi creates the radiating lines at the lateral "
        "canthus.",
    ),
    (
        "anat-bunny-lines",
        "anatomy",
        E,
        S,
        "'Bunny lines' on the side of the nose are caused by which muscle?",
        ["Transverse part of nasalis", "Depressor septi nasi", "Procerus only", "Buccinator"],
        [0],
        "The transverse part of nasalis wrinkles the nasal sidewall.",
    ),
    (
        "anat-gummy-smile",
        "anatomy",
        MD,
        S,
        "A 'gummy smile' is usually treated by weakening which muscle?",
        ["Levator labii superioris alaeque nasi", "Depressor anguli oris", "Mentalis", "Masseter"],
        [0],
        "Small doses into levator labii superioris alaeque nasi reduce excessive upper lip "
        "elevation.",
    ),
    (
        "anat-dao",
        "anatomy",
        MD,
        S,
        "Down-turned corners of the mouth are caused mainly by which muscle?",
        ["Depressor anguli oris", "Zygomaticus major", "Orbicularis oris", "Levator anguli oris"],
        [0],
        "Depressor anguli oris pulls the oral commissure down; it is treated low and laterally, "
        "away from depressor labii inferioris.",
    ),
    (
        "anat-mentalis",
        "anatomy",
        E,
        S,
        "A dimpled, 'orange peel' chin on puckering comes from which muscle?",
        ["Mentalis", "Platysma", "Depressor labii inferioris", "Buccinator"],
        [0],
        "Mentalis hyperactivity produces chin dimpling (peau d'orange).",
    ),
    (
        "anat-facial-nerve",
        "anatomy",
        E,
        S,
        "Which nerve supplies the muscles of facial expression?",
        [
            "Trigeminal nerve (CN V)",
            "Facial nerve (CN VII)",
            "Oculomotor nerve (CN III)",
            "Hypoglossal nerve (CN XII)",
        ],
        [1],
        "The facial nerve supplies the muscles of facial expression; the levator palpebrae "
        "superioris is supplied by the oculomotor nerve.",
    ),
    (
        "anat-corrugator-depth",
        "anatomy",
        H,
        S,
        "Where does the corrugator supercilii lie most superficially?",
        [
            "At its origin on the medial supraorbital rim",
            "Laterally, where it inserts into the dermis above the mid-brow",
            "Deep to the procerus throughout",
            "Within the orbital septum",
        ],
        [1],
        "The corrugator arises deep at the medial brow and becomes superficial laterally, inserting "
        "into the dermis, so lateral injections are placed more superficially.",
    ),
    (
        "anat-levator",
        "anatomy",
        MD,
        S,
        "Toxin reaching which muscle causes upper eyelid ptosis?",
        ["Levator palpebrae superioris", "Superior oblique", "Frontalis", "Procerus"],
        [0],
        "Diffusion through the orbital septum to the levator palpebrae superioris weakens lid "
        "elevation.",
    ),
    (
        "anat-masseter-risorius",
        "anatomy",
        H,
        S,
        "Injecting the masseter too far anteriorly risks weakening which muscle?",
        [
            "Risorius, giving an asymmetric smile",
            "Temporalis, giving trismus",
            "Buccinator, giving dysphagia",
            "Platysma, giving neck weakness",
        ],
        [0],
        "Stay behind the anterior border of the masseter to avoid the risorius and zygomaticus "
        "major.",
    ),
    # --- patient assessment ---------------------------------------------------------------------
    (
        "assess-dynamic",
        "assessment",
        E,
        S,
        "Which lines respond best to botulinum toxin alone?",
        [
            "Dynamic lines that appear with expression",
            "Deep static lines present at rest",
            "Lines caused by volume loss",
            "Scars",
        ],
        [0],
        "Toxin relaxes the muscle; deep etched static lines may soften over repeated treatments but "
        "often need other modalities.",
    ),
    (
        "assess-contraindications",
        "assessment",
        MD,
        M,
        "Which are contraindications to cosmetic botulinum toxin type A? Choose all that apply.",
        [
            "Myasthenia gravis",
            "Lambert-Eaton myasthenic syndrome",
            "Pregnancy",
            "Well-controlled hypothyroidism",
        ],
        [0, 1, 2],
        "Disorders of neuromuscular transmission are contraindications; pregnancy and "
        "breastfeeding are contraindications for cosmetic use as safety is not established.",
    ),
    (
        "assess-infection",
        "assessment",
        E,
        SC,
        "A patient arrives for glabellar treatment with an active herpes labialis lesion and "
        "pustules at the glabella. What is the best next action?",
        [
            "Inject through the lesions as planned",
            "Defer treatment until the skin has healed",
            "Inject double the dose to compensate",
            "Apply alcohol and proceed",
        ],
        [1],
        "Infection at the injection site is a contraindication; reschedule once it has resolved.",
    ),
    (
        "assess-milk",
        "assessment",
        H,
        S,
        "Allergy to cow's milk protein is a listed contraindication for which product?",
        [
            "AbobotulinumtoxinA",
            "All botulinum toxin products equally",
            "None of them",
            "Only products reconstituted with preserved saline",
        ],
        [0],
        "AbobotulinumtoxinA contains lactose, which may contain traces of cow's milk protein.",
    ),
    (
        "assess-bruising",
        "assessment",
        E,
        S,
        "Which part of the history most increases the risk of bruising?",
        [
            "Daily aspirin or warfarin",
            "Seasonal hay fever",
            "A penicillin allergy",
            "Contact lenses",
        ],
        [0],
        "Anticoagulants, antiplatelets and some supplements (fish oil, ginkgo, vitamin E) raise the "
        "risk of bruising; they should not be stopped without the prescriber.",
    ),
    (
        "assess-photos",
        "assessment",
        E,
        S,
        "Why are standardised photographs taken before the first treatment?",
        [
            "To record baseline asymmetries and results objectively",
            "For social media only",
            "Because the product label requires them",
            "To estimate the dose by software",
        ],
        [0],
        "Pre-existing asymmetries (brow height, eyelid position) are often only noticed after "
        "treatment; photographs document them.",
    ),
    (
        "assess-brow-compensation",
        "assessment",
        H,
        SC,
        "A 60-year-old with upper eyelid hooding keeps her frontalis contracted at rest to lift her "
        "brows and asks to 'get rid of all the forehead lines'. What is the best next action?",
        [
            "Treat the whole frontalis at a high dose",
            "Explain that relaxing the frontalis may drop her brows and worsen the hooding; treat "
            "conservatively or not at all",
            "Treat the glabella only and double the dose",
            "Refer for an eyelid ptosis repair first without discussion",
        ],
        [1],
        "Compensatory frontalis use keeps the brows up; weakening it can cause brow ptosis and "
        "heaviness.",
    ),
    (
        "assess-expectations",
        "assessment",
        MD,
        S,
        "Which statement about expectations is appropriate in the consultation?",
        [
            "Results are guaranteed to last 6 months",
            "The effect develops over about two weeks and wears off in about 3 to 4 months",
            "One treatment removes static lines permanently",
            "There are no side effects",
        ],
        [1],
        "Realistic expectations about onset, peak and duration reduce dissatisfaction and "
        "complaints.",
    ),
    # --- complications --------------------------------------------------------------------------
    (
        "comp-ptosis-cause",
        "complications",
        MD,
        S,
        "What is the usual mechanism of eyelid ptosis after glabellar treatment?",
        [
            "Toxin diffusing through the orbital septum to the levator palpebrae superioris",
            "An allergic reaction to albumin",
            "Damage to the facial nerve by the needle",
            "Overtreatment of the frontalis",
        ],
        [0],
        "Keep lateral corrugator injections at least 1 cm above the bony supraorbital ridge and "
        "avoid massaging the area after treatment.",
    ),
    (
        "comp-apraclonidine",
        "complications",
        MD,
        S,
        "Which eye drop can temporarily lift an upper eyelid ptosis after toxin treatment?",
        ["Apraclonidine 0.5%", "Timolol 0.5%", "Latanoprost 0.005%", "Chloramphenicol 0.5%"],
        [0],
        "Apraclonidine, an alpha-adrenergic agonist, contracts Mueller's muscle and lifts the lid by "
        "1 to 2 mm until the toxin wears off.",
    ),
    (
        "comp-brow-ptosis",
        "complications",
        MD,
        S,
        "Brow ptosis after forehead treatment is most often caused by what?",
        [
            "Injecting the frontalis too low, close to the brow, or at too high a dose",
            "Injecting the procerus",
            "Using preserved saline",
            "Injecting too superficially in the temples",
        ],
        [0],
        "Keep frontalis injections well above the brow (commonly at least 2 cm) and dose "
        "conservatively, especially in older patients.",
    ),
    (
        "comp-spock",
        "complications",
        MD,
        SC,
        "Two weeks after forehead and glabellar treatment the lateral brows are arched upward "
        "('Spock brow'). What is the best next action?",
        [
            "Inject a small dose into the lateral frontalis above the peak of the brow",
            "Inject more into the procerus",
            "Wait 3 months and do nothing",
            "Inject the orbicularis oculi below the brow",
        ],
        [0],
        "Unopposed lateral frontalis pulls the tail of the brow up; a small dose above the peak "
        "softens it.",
    ),
    (
        "comp-diplopia",
        "complications",
        H,
        S,
        "Double vision after treatment of lateral canthal lines suggests toxin has reached which "
        "muscle?",
        ["Lateral rectus", "Levator palpebrae superioris", "Zygomaticus major", "Temporalis"],
        [0],
        "Injections too close to the orbital rim can diffuse to the extraocular muscles; stay at "
        "least 1 cm outside the lateral orbital rim.",
    ),
    (
        "comp-distant-spread",
        "complications",
        MD,
        SC,
        "Five days after treatment a patient phones reporting difficulty swallowing and "
        "breathlessness. What is the best next action?",
        [
            "Reassure: this is expected",
            "Advise emergency medical care now",
            "Book a review in two weeks",
            "Advise massaging the neck",
        ],
        [1],
        "Distant spread of toxin effect (the boxed warning) can cause swallowing and breathing "
        "difficulties, which can be life-threatening; the patient needs immediate medical care.",
    ),
    (
        "comp-anaphylaxis",
        "complications",
        H,
        SC,
        "Minutes after injection a patient develops stridor, wheeze and hypotension. What is the "
        "first drug to give?",
        [
            "Intramuscular adrenaline (epinephrine) 0.5 mg of 1 mg/mL into the anterolateral thigh",
            "Oral cetirizine 10 mg",
            "Intravenous hydrocortisone only",
            "Apraclonidine eye drops",
        ],
        [0],
        "Call for help, lie the patient flat and give IM adrenaline; repeat after 5 minutes if "
        "needed. Antihistamines and steroids are not first-line.",
    ),
    (
        "comp-vasovagal",
        "complications",
        E,
        SC,
        "A patient becomes pale, sweaty and faint during injection, with a slow pulse. What is the "
        "best next action?",
        [
            "Sit them upright on a stool",
            "Lay them flat and raise their legs",
            "Give intramuscular adrenaline at once",
            "Continue injecting quickly to finish",
        ],
        [1],
        "A vasovagal episode responds to lying flat with the legs raised; monitor until recovery.",
    ),
    (
        "comp-headache",
        "complications",
        E,
        S,
        "Which is one of the most commonly reported side effects of glabellar treatment?",
        ["Headache", "Permanent facial palsy", "Hair loss", "Hearing loss"],
        [0],
        "Headache, injection-site pain and bruising are common; eyelid ptosis is less common.",
    ),
    (
        "comp-perioral",
        "complications",
        H,
        S,
        "Overtreating the orbicularis oris for lip lines is most likely to cause what?",
        [
            "Difficulty drinking through a straw and lip incompetence",
            "Eyelid ptosis",
            "Brow elevation",
            "Jaw clenching",
        ],
        [0],
        "Perioral doses must be very small; excess weakens lip closure and articulation.",
    ),
    # --- ethics and consent ---------------------------------------------------------------------
    (
        "ethics-consent-content",
        "ethics",
        MD,
        M,
        "What must informed consent for cosmetic toxin treatment cover? Choose all that apply.",
        [
            "The material risks, including eyelid ptosis",
            "Alternatives, including no treatment",
            "Whether the use is off-label",
            "A guarantee of the result",
        ],
        [0, 1, 2],
        "Consent covers the nature of the treatment, expected benefits, material risks, "
        "alternatives and off-label use; results are never guaranteed.",
    ),
    (
        "ethics-who-consents",
        "ethics",
        E,
        S,
        "Who should obtain the patient's consent for the treatment?",
        [
            "The practitioner who will treat (or prescribe), after a face-to-face assessment",
            "The receptionist when booking",
            "The patient's partner",
            "Nobody, for cosmetic treatments",
        ],
        [0],
        "Consent is a process led by the treating clinician; it cannot be delegated to "
        "non-clinical staff.",
    ),
    (
        "ethics-remote",
        "ethics",
        MD,
        S,
        "Botulinum toxin is a prescription-only medicine. Which prescribing practice is "
        "acceptable?",
        [
            "Prescribing after a face-to-face assessment of the patient by the prescriber",
            "Prescribing by phone for a patient the prescriber has never seen",
            "Using a colleague's signed blank prescriptions",
            "Buying stock online without a prescription",
        ],
        [0],
        "The prescriber must assess the patient in person before prescribing for cosmetic use.",
    ),
    (
        "ethics-minor",
        "ethics",
        MD,
        SC,
        "A 16-year-old attends with her mother, who consents to cosmetic toxin for forehead lines. "
        "What is the best next action?",
        [
            "Treat, as the parent consents",
            "Decline cosmetic treatment",
            "Treat at half the dose",
            "Treat if the patient signs as well",
        ],
        [1],
        "Cosmetic toxin for under-18s is prohibited in several jurisdictions and is not supported "
        "by professional guidance; decline.",
    ),
    (
        "ethics-intoxicated",
        "ethics",
        E,
        SC,
        "A patient arrives smelling strongly of alcohol and slurring words. What is the best next "
        "action?",
        [
            "Proceed; alcohol does not affect consent",
            "Defer: they may lack capacity to consent",
            "Ask a friend to consent on their behalf",
            "Treat only the glabella",
        ],
        [1],
        "Valid consent needs capacity; reschedule and document.",
    ),
    (
        "ethics-pressure",
        "ethics",
        E,
        S,
        "Which marketing practice is inappropriate for a prescription medicine treatment?",
        [
            "A discount only if the patient books today",
            "A price list on the clinic website",
            "Written information to take home",
            "A cooling-off period before the first treatment",
        ],
        [0],
        "Time-limited deals pressure patients; allow time to consider and avoid promoting the "
        "medicine itself.",
    ),
    (
        "ethics-photos",
        "ethics",
        E,
        S,
        "A patient agreed to clinical photographs. May they be used on the clinic's social media?",
        [
            "Yes, clinical consent covers it",
            "Only with separate, specific consent for that use",
            "Yes, if the eyes are blurred",
            "Yes, after 12 months",
        ],
        [1],
        "Consent to photographs for the record does not extend to marketing; ask separately.",
    ),
    (
        "ethics-records",
        "ethics",
        MD,
        M,
        "What must the treatment record include? Choose all that apply.",
        [
            "Product name, batch (lot) number and expiry",
            "Dilution, doses and injection sites",
            "The patient's consent",
            "The practitioner's favourite music",
        ],
        [0, 1, 2],
        "A complete record allows follow-up, traceability and adverse event reporting.",
    ),
    (
        "ethics-bdd",
        "ethics",
        H,
        SC,
        "A patient asks for a fifth treatment this year, says her face is 'hideous' and spends "
        "hours checking mirrors. What is the best next action?",
        [
            "Treat to keep her satisfied",
            "Do not treat; discuss your concern and suggest referral "
            "to her GP or a mental health professional",
            "Treat at a higher dose",
            "Refuse without explanation",
        ],
        [1],
        "Features of body dysmorphic disorder: cosmetic treatment rarely helps and may worsen "
        "distress. Decline sensitively and signpost support.",
    ),
    # --- post-treatment care --------------------------------------------------------------------
    (
        "after-rubbing",
        "aftercare",
        E,
        S,
        "Which aftercare advice is usually given on the day of treatment?",
        [
            "Avoid rubbing or massaging the treated areas",
            "Apply a hot compress for an hour",
            "Have a facial massage to spread the product",
            "Lie face down for four hours",
        ],
        [0],
        "Pressure and massage may move the toxin towards unintended muscles.",
    ),
    (
        "after-review",
        "aftercare",
        E,
        S,
        "When is the review for a possible top-up usually booked?",
        ["After 2 days", "After about 2 weeks", "After 3 months", "Not needed"],
        [1],
        "At about two weeks the effect is at its peak, so the result can be judged.",
    ),
    (
        "after-no-effect",
        "aftercare",
        E,
        SC,
        "A patient phones the day after her first glabellar treatment: 'nothing has happened'. "
        "What is the best next action?",
        [
            "Book her in for a full repeat dose today",
            "Reassure: the effect starts within 2 to 5 "
            "days and peaks at 2 weeks; review at 2 weeks",
            "Refund her, the product was faulty",
            "Advise exercising the muscle",
        ],
        [1],
        "No effect at 24 hours is expected; early repeat dosing risks overtreatment and "
        "antibodies.",
    ),
    (
        "after-interval",
        "aftercare",
        MD,
        S,
        "What is the usual minimum interval between full treatments of the same area?",
        ["2 weeks", "About 3 months", "12 months", "There is no minimum"],
        [1],
        "Retreatment at about three months or longer limits antigen exposure.",
    ),
    (
        "after-warning-signs",
        "aftercare",
        MD,
        M,
        "Which symptoms after treatment need urgent medical attention? Choose all that apply.",
        [
            "Difficulty swallowing",
            "Difficulty breathing",
            "Mild tenderness at injection points",
            "Slurred speech or generalised weakness",
        ],
        [0, 1, 3],
        "These may signal distant spread of toxin effect; tenderness is expected.",
    ),
    (
        "after-bruise",
        "aftercare",
        E,
        S,
        "A small bruise appears at an injection site. What advice is appropriate?",
        [
            "A cold compress and reassurance; it settles in days",
            "Massage it firmly",
            "Start aspirin",
            "Apply a heat pack for several hours",
        ],
        [0],
        "Gentle cold compresses help; bruises resolve over days.",
    ),
]

CASES = [
    (
        "case-eyelid-ptosis",
        "Drooping eyelid after glabellar treatment",
        "Ms L., 42, had 20 units of onabotulinumtoxinA to the glabella six days ago, in five "
        "sites. She reports that her left upper eyelid droops, worse in the evening. Her vision "
        "is normal, she has no double vision and no difficulty swallowing or breathing. On "
        "examination the left upper lid sits 2 mm lower than the right.",
        [
            (
                "case-ptosis-cause",
                "complications",
                MD,
                "What is the most likely cause?",
                [
                    "Toxin diffusion through the orbital septum to the left levator palpebrae "
                    "superioris",
                    "A stroke",
                    "An allergic reaction",
                    "Overtreatment of the frontalis",
                ],
                [0],
                "The timing (days after glabellar injection), isolated lid droop and normal "
                "neurology fit local diffusion to the levator.",
            ),
            (
                "case-ptosis-manage",
                "complications",
                MD,
                "What is the best management?",
                [
                    "Apraclonidine 0.5% drops to the left eye, reassurance that it is temporary, and "
                    "review",
                    "Inject more toxin into the right eyelid for symmetry",
                    "Oral steroids for a week",
                    "Urgent surgery",
                ],
                [0],
                "Apraclonidine lifts the lid 1 to 2 mm; the ptosis resolves as the effect wears "
                "off.",
            ),
            (
                "case-ptosis-record",
                "ethics",
                MD,
                "What should the practitioner also do?",
                [
                    "Record the complication and its management, and report the adverse event as "
                    "required",
                    "Nothing, as it is temporary",
                    "Ask her to sign a waiver",
                    "Refund the treatment and close her record",
                ],
                [0],
                "Documenting and reporting adverse events supports patient safety and "
                "pharmacovigilance.",
            ),
        ],
    ),
    (
        "case-myasthenia",
        "A request for forehead lines",
        "Mrs D., 58, asks for her forehead lines to be 'completely smoothed'. She has moderate "
        "upper eyelid hooding and her brows sit low at rest; she raises them throughout the "
        "consultation. She was diagnosed with myasthenia gravis two years ago and takes "
        "pyridostigmine.",
        [
            (
                "case-mg-key",
                "assessment",
                MD,
                "Which finding matters most for the decision to treat?",
                [
                    "Her myasthenia gravis",
                    "Her age",
                    "Her wish for smooth skin",
                    "The number of lines",
                ],
                [0],
                "Myasthenia gravis is a contraindication: toxin can worsen weakness.",
            ),
            (
                "case-mg-frontalis",
                "anatomy",
                H,
                "Why would treating her frontalis also risk a poor cosmetic result?",
                [
                    "The frontalis is the only brow elevator and she uses it to lift heavy brows",
                    "The frontalis closes the eyes",
                    "The frontalis is supplied by CN III",
                    "It would cause a gummy smile",
                ],
                [0],
                "Weakening a compensating frontalis drops the brows onto the hooded lids.",
            ),
            (
                "case-mg-plan",
                "ethics",
                MD,
                "What is the best course of action?",
                [
                    "Decline toxin treatment, explain why, document it and discuss alternatives or "
                    "referral",
                    "Treat at half the dose",
                    "Treat if she signs a waiver",
                    "Ask her to stop pyridostigmine for a week",
                ],
                [0],
                "Explain the contraindication honestly, record the discussion and offer "
                "alternatives; never adjust a patient's neurological medication.",
            ),
        ],
    ),
]

BLUEPRINT = [
    ("pharmacology", "", 5),
    ("anatomy", "", 5),
    ("assessment", "", 4),
    ("complications", "", 5),
    ("ethics", "", 4),
    ("aftercare", "", 2),
]
