"""The source document and the clause of every rule of the West-Friesland inventory.

The one source is *Uitvoeringskader inkoop sociaal domein West-Friesland 2019-2021*,
adopted by the colleges of the seven West-Friese gemeenten. It is cited by title and
section, never by file name. :data:`SECTIONS` holds, per rule id of the project's rule
inventory (WF-01 .. WF-90), the section the rule comes from and a one-line summary;
:func:`ref` builds the :class:`~sociaaldomein.Ref` a rule attaches to what it produces.
"""

from __future__ import annotations

from sociaaldomein import Ref, Source

__all__ = ["SECTIONS", "SOURCE", "ref"]

SOURCE = Source(
    title="Uitvoeringskader inkoop sociaal domein West-Friesland 2019-2021",
    issuer="Colleges van burgemeester en wethouders van de zeven West-Friese gemeenten",
)
"""The framework. Its text gives no adoption date (2017 was the design year, §1)."""

SECTIONS: dict[str, tuple[str, str]] = {
    'WF-01': (
        '§1 (Waarom een nieuw uitvoeringskader; Doel)',
        (
            'Purchasing and funding under the profile/arrangement system, result-steered, '
            'applies from 2019 (the framework covers 2019-2021).'
        ),
    ),
    'WF-02': (
        '§1 (Scope)',
        (
            'The framework covers care under the Jeugdwet and the Wmo, for the Wmo at least '
            'begeleiding and huishoudelijke ondersteuning (HO).'
        ),
    ),
    'WF-03': (
        '§1 fn 1',
        (
            'Wmo aids (hulpmiddelen) and socio-medical advice are outside the framework and '
            'are not arrangements of this policy.'
        ),
    ),
    'WF-04': (
        '§1 fn 1',
        (
            'For beschermd wonen, maatschappelijke opvang and vrouwenopvang the municipality '
            'of Hoorn is (for now) the central municipality and the contract party on behalf '
            'of the region.'
        ),
    ),
    'WF-05': (
        '§1 (Scope); §3.1 fn 3',
        (
            "Beschermd wonen follows this framework's principles but is bought in a separate "
            "purchasing track, not under this framework's contracts."
        ),
    ),
    'WF-06': (
        '§1 (Totstandkoming, last paragraph)',
        (
            'The region consists of seven West-Friesland municipalities, whose colleges '
            'adopted the framework (only Hoorn is named).'
        ),
    ),
    'WF-07': (
        '§2.2 item 1; §3.1',
        (
            'Supply is ordered into exactly three segments: A, B and C.'
        ),
    ),
    'WF-08': (
        '§2.2 item 1; §3.1 (figure A; Segment A)',
        (
            'Segment A (general provisions, freely accessible with at most a light test, '
            'acquired and organised locally) is outside the framework and each municipality '
            'chooses its own purchase or subsidy for it.'
        ),
    ),
    'WF-09': (
        '§2.2 item 1; §3.1',
        (
            'Segments B and C are purchased on regional choices and are the only segments '
            'this framework governs.'
        ),
    ),
    'WF-10': (
        '§2.2 item 2; §3.4 (Regisseur)',
        (
            'Regie lies with the resident/household unless they cannot carry it or (youth '
            'only) the situation is unsafe, in which case the local team is the regisseur, '
            "with a principal's role towards the providers."
        ),
    ),
    'WF-11': (
        '§2.2 item 2',
        (
            "A household's support has one plan with one regisseur."
        ),
    ),
    'WF-12': (
        '§2.2 fn 2',
        (
            'When a certified institution (GI) is involved in youth care, regie often lies '
            'with the GI, so the regisseur may be a GI instead of the local team.'
        ),
    ),
    'WF-13': (
        '§2.2 item 2; §3.4 (Hoofdaannemer)',
        (
            'The provider that delivers the youth care or Wmo support after referral is the '
            'hoofdaannemer: responsible for the support goals (the result) and for choosing, '
            'monitoring and adjusting the care within the arrangement.'
        ),
    ),
    'WF-14': (
        '§2.2 item 5; §3.2; §3.4 (Hoofdaannemer)',
        (
            'A hoofdaannemer may contract another provider as onderaannemer for parts of an '
            'arrangement it does not offer itself.'
        ),
    ),
    'WF-15': (
        '§2.2 item 6',
        (
            'The funding model is chosen per segment.'
        ),
    ),
    'WF-16': (
        '§2.2 item 6; §3.2.3',
        (
            'Each support profile (x intensity) has a pre-set norm tariff laid down in the '
            'programme of requirements; the document gives no amounts.'
        ),
    ),
    'WF-17': (
        '§2.2 item 8',
        (
            'A contract runs for at least two years and has an extension option.'
        ),
    ),
    'WF-18': (
        '§2.2 item 8',
        (
            'Contracts contain dissolving conditions that allow interim termination.'
        ),
    ),
    'WF-19': (
        '§2.2 item 9',
        (
            'Providers must meet the Wmo 2015 and Jeugdwet quality requirements plus '
            'additional Wmo quality requirements and a testable quality system.'
        ),
    ),
    'WF-20': (
        '§2.2 item 10',
        (
            'By tendering, a contractor commits to spend a percentage of the contract value '
            '(set per tender, not given) on placing people far from the labour market (SROI).'
        ),
    ),
    'WF-21': (
        '§3.1 (figure B and C)',
        (
            'Segment B (Wmo maatwerkvoorzieningen, individual youth provisions) and segment C'
            ' are accessed through investigation and indication by the municipality or, for '
            'youth only, through an autonomous referrer such as a GP or GI.'
        ),
    ),
    'WF-22': (
        '§3.1 (figure C; Segment C)',
        (
            'Segment C holds (highly) specialised provisions, mainly youth, for the Wmo only '
            'beschermd wonen, and is in principle never delivered by a local team.'
        ),
    ),
    'WF-23': (
        '§3.1 (Segment C)',
        (
            'Youth care belongs to segment C when it has at least one of: a crucial function,'
            ' intramural and/or intensive ambulant (multi-domain) help, or a tariff that does'
            ' not fit segment B.'
        ),
    ),
    'WF-24': (
        '§3.1 (Segment C)',
        (
            'On average 15% of the households receiving youth care are in segment C.'
        ),
    ),
    'WF-25': (
        '§3.1 (Bovenregionale samenwerking)',
        (
            'Gecertificeerde Instellingen, the integrated youth crisis service and '
            'JeugdzorgPlus are bought supra-regionally with the regions Alkmaar and De Kop '
            '(Noord-Holland Noord, 18 colleges).'
        ),
    ),
    'WF-26': (
        '§3.2',
        (
            'An arrangement is exactly one support profile combined with exactly one '
            'intensity, linked to a weight of care and a tariff.'
        ),
    ),
    'WF-27': (
        '§3.2.1',
        (
            'Youth and Wmo have separate profile sets, so a youth profile cannot be allocated'
            ' under the Wmo and a Wmo profile not under the Jeugdwet.'
        ),
    ),
    'WF-28': (
        '§3.2.2',
        (
            'Youth care uses eleven support profiles, each with four possible intensities.'
        ),
    ),
    'WF-29': (
        '§3.2.2',
        (
            'The Wmo uses five support profiles, each with at most three intensities.'
        ),
    ),
    'WF-30': (
        '§3.2.2; §3.6.1',
        (
            'Wmo individual guidance and household support remain available as separate '
            'products outside the arrangements, funded P x Q per hour.'
        ),
    ),
    'WF-31': (
        '§3.2.3',
        (
            'Every allocation in the profile system must state which profile and which '
            'intensity category applies, as decided by the access (toegang).'
        ),
    ),
    'WF-32': (
        '§3.3',
        (
            'A perspectiefplan records the perspective the client wants to reach, the goals, '
            'their priority and the concrete (sub)results linked to them.'
        ),
    ),
    'WF-33': (
        '§3.3',
        (
            'For psychogeriatric and other grounds where no improvement is expected, goals '
            "take the form 'stabilise or slow decline in independent functioning'."
        ),
    ),
    'WF-34': (
        '§3.3 fn 4',
        (
            'The investigation is reported in writing and the resident signs the report as '
            'seen and/or agreed.'
        ),
    ),
    'WF-35': (
        '§3.3 (table, Functie)',
        (
            'A perspectiefplan describes at least talents/strengths and functioning per life '
            'domain, complaints and symptoms, developmental '
            'milestones/learnability/motivation, and the support need with the results '
            'required.'
        ),
    ),
    'WF-36': (
        '§3.3 (table, Eisen; text)',
        (
            'A perspectiefplan is usable by every referrer, routes to the right support '
            'profile, may hold several perspectives (household, local team) and may lead to '
            'support for several household members.'
        ),
    ),
    'WF-37': (
        '§3.3',
        (
            'Before a specialist provider starts, the household should have a '
            'perspectiefplan, but in segment B a full plan may be waived in situations still '
            'to be agreed.'
        ),
    ),
    'WF-38': (
        '§3.3',
        (
            'An allocation in segment C requires a perspectiefplan, except in a crisis.'
        ),
    ),
    'WF-39': (
        '§3.4 (Regisseur); §2.2 item 5',
        (
            "When care from a provider is needed, the resident's/household's choice of "
            'provider is leading (freedom of choice).'
        ),
    ),
    'WF-40': (
        '§3.4 (Hoofdaannemer)',
        (
            'The hoofdaannemer stays preferably linked for the whole period of specialist '
            'support and must coordinate with the local-team regisseur on the basis of the '
            'perspectiefplan.'
        ),
    ),
    'WF-41': (
        '§3.4 (Hoofdaannemer); §4.1 (Heldere kwaliteitskaders)',
        (
            'The hoofdaannemer is responsible for the quality of care delivered by its '
            'onderaannemers, and all providers fall under one framework contract with the '
            'same quality requirements.'
        ),
    ),
    'WF-42': (
        '§3.4 (Rol lokale teams); §3.3',
        (
            'The local team guides the household in drawing up the perspectiefplan '
            '(preferably written by the client) and informs it about independent client '
            'support.'
        ),
    ),
    'WF-43': (
        '§3.5',
        (
            'Results are measured per individual case and per contract (per provider), and '
            'monitoring also covers use, costs and throughput times per segment.'
        ),
    ),
    'WF-44': (
        '§3.5',
        (
            'The local-team professional sets, together with the household, the result the '
            'support must achieve.'
        ),
    ),
    'WF-45': (
        '§3.5; §3.5.1; §4.1 (Resultaatmeting)',
        (
            'Providers deliver data on exactly three predefined performance indicators (drop-'
            'out, client satisfaction, goal realisation) in a uniform, pre-agreed way, '
            'measurable in their own systems from 1 January 2019.'
        ),
    ),
    'WF-46': (
        '§3.5.1',
        (
            'The drop-out indicator (uitval) measures the degree to which clients drop out of'
            ' a care situation, broken down by end reason.'
        ),
    ),
    'WF-47': (
        '§3.5.1',
        (
            'Every ended trajectory has exactly one end reason: ended according to plan; '
            'early by agreement; early unilaterally by the client; early unilaterally by the '
            'provider; early due to external circumstances.'
        ),
    ),
    'WF-48': (
        '§3.5.1',
        (
            'Client satisfaction is the share of surveyed clients in the target group who '
            'judge the usefulness/effect of the support sufficient/positive.'
        ),
    ),
    'WF-49': (
        '§3.5.1',
        (
            'Goal realisation is reported as four sub-indicators: clients continue without '
            'help; no new help starts after the end; problems decrease/self-reliance and '
            'participation increase; agreed goals are realised.'
        ),
    ),
    'WF-50': (
        '§3.6',
        (
            'Segment B and the part of segment C suited to it are funded result-steered (per '
            'arrangement), not per unit of effort.'
        ),
    ),
    'WF-51': (
        '§3.6; §3.2; §3.6.1',
        (
            'Each arrangement has one fixed (average) tariff, the same for every provider, '
            'for which the provider delivers all the care needed for the agreed results.'
        ),
    ),
    'WF-52': (
        '§3.6',
        (
            'For an arrangement the provider declares the agreed tariff, never the number of '
            'hours worked.'
        ),
    ),
    'WF-53': (
        '§3.6 (Afbakening segment C); §3.6.1',
        (
            'Segment C functions such as 3-milieusvoorzieningen, JeugdzorgPlus and crucial '
            'stay functions are bought supra-regionally with their funding model (effort, '
            'performance or task-based) still open, and some highly specialised help may be '
            'bought as high-intensity profiles.'
        ),
    ),
    'WF-54': (
        '§3.6.1 (Bekostiging ondersteuningsprofielen)',
        (
            'The support profiles cover all specialist forms of treatment and guidance for '
            'youth and Wmo, each priced per profile-intensity combination.'
        ),
    ),
    'WF-55': (
        '§3.6.1 (Verblijf wordt apart bekostigd); cf. §2.2 item 3',
        (
            'Stay (verblijf) is funded separately from the profiles, on actual use per etmaal'
            ' (24 hours).'
        ),
    ),
    'WF-56': (
        '§3.6.1 (Tarieven)',
        (
            'Within one profile and one tariff unit, a higher intensity has a higher tariff '
            'than a lower intensity.'
        ),
    ),
    'WF-57': (
        '§3.6.1 (Tarieven)',
        (
            'Lasting trajectories (mainly Wmo) are paid a fixed monthly tariff and short '
            'trajectories (mainly youth) one fixed tariff for the whole trajectory.'
        ),
    ),
    'WF-58': (
        '§3.6.1 (Uitgangspunten)',
        (
            'Extra work (meerwerk) beyond the arrangement tariff cannot be charged.'
        ),
    ),
    'WF-59': (
        '§3.6.1 (Uitgangspunten); §2.2 item 6',
        (
            'Tariffs are indexed yearly in line with the compensation for wage and price '
            'adjustment in the state grants (percentage not given), with the aim of fixing '
            'tariffs for several years.'
        ),
    ),
    'WF-60': (
        '§3.6.1 (Uitgangspunten)',
        (
            "A running allocation's profile-intensity combination may be changed mid-course "
            '(wrong initial assessment or unforeseen circumstances) by replacing it, never by'
            ' stacking a second arrangement.'
        ),
    ),
    'WF-61': (
        '§3.6.1 (Uitgangspunten)',
        (
            'For now no part of the payment depends on results achieved (no bonus-malus); '
            'results are monitored on the three indicators and structural under-performance '
            'may have consequences still to be defined.'
        ),
    ),
    'WF-62': (
        '§3.6.1 (Uitgangspunten); §3.6.2',
        (
            'A provider may not refuse a resident or household for a support profile it has '
            'subscribed to (acceptatieplicht).'
        ),
    ),
    'WF-63': (
        '§3.6.1 (Uitgangspunten)',
        (
            'A provider may decline only under a dissolving condition where another provider '
            "serves the client's interest better, for example a waiting list."
        ),
    ),
    'WF-64': (
        '§3.6.1 (Uitgangspunten; last paragraph)',
        (
            'A trajectory tariff is paid in two instalments, for example 70% at the start of '
            'care and 30% after completion (a split based on the national average drop-out '
            'rate of 30%), the exact construction still to be chosen by the region.'
        ),
    ),
    'WF-65': (
        '§3.6.1 (Uitgangspunten)',
        (
            'The final 30% may be withheld when the trajectory is ended early and '
            'unilaterally by the resident/household, or when the client moves or dies.'
        ),
    ),
    'WF-66': (
        '§3.6.2',
        (
            'A client dissatisfied with a provider may take the budget to another provider, '
            'provided the client has clearly formulated the goals.'
        ),
    ),
    'WF-67': (
        '§4.1; §4.2',
        (
            'Back offices (declaring, paying, changing, monitoring), information systems and '
            'result measurement must be operational on 1 January 2019, the date the current '
            'contracts expire.'
        ),
    ),
    'WF-68': (
        '§4.1; §3.2.2',
        (
            'Target dates: administration protocols, afwegingskader (indication instrument '
            'per profile and intensity), quality frameworks, result-measurement agreement and'
            ' purchase documents by 1 April 2018; amended ordinances in September 2018.'
        ),
    ),
    'WF-69': (
        '§4.1 (Aanpassen verordeningen en beleidsregels)',
        (
            "Every member municipality processes the framework's core agreements identically "
            'in its ordinances and policy rules, so a municipal dialect may not change a core'
            ' rule.'
        ),
    ),
    'WF-70': (
        'bijlage 1 (profielen jeugd, 1)',
        (
            "Youth profile 1 is 'youths with psychosocial problems and problematic relations "
            "between parents', aimed at better psychosocial functioning and family "
            'communication.'
        ),
    ),
    'WF-71': (
        'bijlage 1 (profielen jeugd, 2)',
        (
            "Youth profile 2 is 'youths with developmental and behavioural problems and "
            "parents who struggle with parenting', aimed at specific parenting skills plus "
            "help for the child's own problems."
        ),
    ),
    'WF-72': (
        'bijlage 1 (profielen jeugd, 3)',
        (
            "Youth profile 3 is 'youths whose parents have an illness or disability', aimed "
            'at specific parenting skills of parents with a disability.'
        ),
    ),
    'WF-73': (
        'bijlage 1 (profielen jeugd, 4)',
        (
            "Youth profile 4 is 'youths with developmental, behavioural and/or psychiatric "
            "problems whose parents have psychiatric problems', aimed at parenting skills "
            "plus help for the youth's development."
        ),
    ),
    'WF-74': (
        'bijlage 1 (profielen jeugd, 5)',
        (
            "Youth profile 5 is 'youths with developmental and behavioural problems from "
            "child factors (psychiatric and/or somatic)', aimed at reducing problems and "
            'improving functioning through care and treatment.'
        ),
    ),
    'WF-75': (
        'bijlage 1 (profielen jeugd, 6)',
        (
            "Youth profile 6 is 'youths with developmental, behavioural and psychiatric "
            "problems in multi-problem families', aimed at skills and functioning while "
            "reducing the parents' problems and safeguarding the youth's safety."
        ),
    ),
    'WF-76': (
        'bijlage 1 (profielen jeugd, 7)',
        (
            "Youth profile 7 is 'youths with below-average intelligence', aimed at guidance "
            'and treatment in connection with the disability.'
        ),
    ),
    'WF-77': (
        'bijlage 1 (profielen jeugd, 8)',
        (
            "Youth profile 8 is 'youths with developmental and behavioural problems and "
            "below-average intelligence', aimed at guidance and treatment for the disability "
            'and the behavioural problems.'
        ),
    ),
    'WF-78': (
        'bijlage 1 (profielen jeugd, 9)',
        (
            "Youth profile 9 is 'youths with a physical disability and acquired brain injury "
            "(NAH)', aimed at guidance and treatment for the physical disability."
        ),
    ),
    'WF-79': (
        'bijlage 1 (profielen jeugd, 10)',
        (
            "Youth profile 10 is 'young children aged 0-6 and their family needing specific "
            "expertise, process diagnostics and parent-child interventions', aimed at solving"
            ' complex problems, and is allocable only to children aged 0-6.'
        ),
    ),
    'WF-80': (
        'bijlage 1 (profielen jeugd, 11)',
        (
            "Youth profile 11 is 'youths and family in a crisis situation', aimed at averting"
            ' the acute crisis.'
        ),
    ),
    'WF-81': (
        'bijlage 1 (profielen Wmo, 1)',
        (
            "Wmo profile 1 is 'adults with acute or chronic psychosocial problems, not always"
            " from a diagnosed psychiatric disorder', aimed at development towards self-"
            'reliance or consolidation.'
        ),
    ),
    'WF-82': (
        'bijlage 1 (profielen Wmo, 2)',
        (
            "Wmo profile 2 is 'adults with an intellectual disability', aimed where possible "
            'at development towards recovery, organising a safety net and/or consolidation.'
        ),
    ),
    'WF-83': (
        'bijlage 1 (profielen Wmo, 3)',
        (
            "Wmo profile 3 is 'adults with problems from cognitive decline and possibly "
            "physical problems', aimed at stabilising and consolidating so they can live at "
            'home as long as possible.'
        ),
    ),
    'WF-84': (
        'bijlage 1 (profielen Wmo, 4)',
        (
            "Wmo profile 4 is 'adults with a physical/motor disability (physical or "
            "neurological condition, chronic illness or NAH)', aimed at consolidating so they"
            ' can live independently as long as possible.'
        ),
    ),
    'WF-85': (
        'bijlage 1 (profielen Wmo, 5)',
        (
            "Wmo profile 5 is 'adults with a sensory disability (hard of hearing or visually "
            "impaired), often with a communication question', aimed at improvement and then "
            'consolidation.'
        ),
    ),
    'WF-86': (
        'bijlage 1 (De intensiteiten jeugd en Wmo)',
        (
            'The intensities are 1 Duurzaam (consolidate), 2 Perspectief (get '
            'better/develop), 3 Intensief (stabilise/develop) and 4 Acuut (avert crisis).'
        ),
    ),
    'WF-87': (
        'bijlage 1 (intensity figure)',
        (
            'Intensity 4 Acuut applies to youth only, so a Wmo arrangement has intensity 1, 2'
            ' or 3.'
        ),
    ),
    'WF-88': (
        'bijlage 1 (intensity figure)',
        (
            'Intensities are ordered by care intensity Duurzaam < Perspectief < Intensief < '
            'Acuut, and inversely by expected duration (Duurzaam long, Acuut short).'
        ),
    ),
    'WF-89': (
        'bijlage 1 (arrangement tables)',
        (
            'The catalogue has 44 youth arrangements (every youth profile with all four '
            'intensities) and 15 Wmo arrangements (every Wmo profile with intensities 1-3).'
        ),
    ),
    'WF-90': (
        'bijlage 1 (Voorbeelden, Ondersteuningsprofiel 1 Wmo)',
        (
            'In the worked elaboration of Wmo profile 1, the target group does not need '
            '24-hour supervision.'
        ),
    ),
}
"""Rule id -> (section, summary), as in the rule inventory."""


def ref(rule: str, *, section: str | None = None, example: bool = False,
        note: str | None = None) -> Ref:
    """The clause of ``rule``: the source, the rule's section (or ``section``) and its id."""
    if rule not in SECTIONS:
        raise KeyError(f"{rule} is not a rule of the West-Friesland inventory")
    return Ref(SOURCE, section or SECTIONS[rule][0], rule=rule, example=example, note=note)
