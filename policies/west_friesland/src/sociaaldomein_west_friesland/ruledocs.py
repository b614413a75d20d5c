"""The West-Friesland rule inventory, rule by rule: where each rule is encoded and tested,
or why it is not. The docs page ``docs/regions/west-friesland.md`` is rendered from this
table (see :mod:`sociaaldomein_west_friesland.docs`)."""

from __future__ import annotations

from sociaaldomein import RuleDoc, RuleStatus
from sociaaldomein_west_friesland.sources import SECTIONS, ref

__all__ = ["RULES"]

E, P, IND, N = (RuleStatus.ENCODED, RuleStatus.PARAMETER, RuleStatus.INDICATOR,
              RuleStatus.NOT_ENCODED)

_TABLE: dict[str, tuple[RuleStatus, str, str, str]] = {
    'WF-01': (
        E,
        (
            'parameters/members.toml, catalog.toml (valid_from 2019-01-01); '
            'rules.check_framework_period, rules.check_contract_years (warnings)'
        ),
        (
            'test_catalog.py::test_wf01_wf67_valid_from_2019; '
            'test_rules.py::test_wf01_after_the_contract_years_warns'
        ),
        '',
    ),
    'WF-02': (
        E,
        'keys.py, policy.build_catalog (Jeugdwet and Wmo profiles, IB and HO)',
        'test_catalog.py::test_wf02_scope',
        '',
    ),
    'WF-03': (
        E,
        'policy.build_catalog (no aids); rules.check_arrangement_codes',
        'test_catalog.py::test_wf03_aids_are_no_arrangement',
        '',
    ),
    'WF-04': (
        E,
        (
            'parameters/members.toml [[central_municipality]]; '
            'WestFrieslandPolicy.contract_party_for'
        ),
        'test_catalog.py::test_wf04_hoorn_central',
        '',
    ),
    'WF-05': (
        E,
        (
            "policy.build_catalog (beschermd wonen is no arrangement, only Hoorn's "
            'central function)'
        ),
        'test_catalog.py::test_wf05_no_beschermd_wonen_arrangement',
        '',
    ),
    'WF-06': (
        E,
        'parameters/members.toml; WestFrieslandPolicy.members',
        'test_catalog.py::test_wf06_seven_members; conformance suite',
        '',
    ),
    'WF-07': (
        E,
        'parameters/catalog.toml [[segment]]; data.load_catalog_data',
        'test_catalog.py::test_wf07_wf08_wf09_segments',
        '',
    ),
    'WF-08': (
        E,
        'parameters/catalog.toml (segment A in_framework = false, no arrangement)',
        'test_catalog.py::test_wf07_wf08_wf09_segments',
        '',
    ),
    'WF-09': (
        E,
        'data.load_catalog_data (arrangements only in B or C)',
        'test_catalog.py::test_wf07_wf08_wf09_segments',
        '',
    ),
    'WF-10': (
        E,
        'rules.coordinate, rules.check_regie',
        (
            'test_rules.py::test_wf10_regie_with_household; '
            'test_rules.py::test_wf10_local_team_when_household_cannot; '
            'test_rules.py::test_wf10_unsafe_youth_local_team'
        ),
        '',
    ),
    'WF-11': (
        E,
        'rules.check_regie',
        'test_rules.py::test_wf11_one_regisseur',
        '',
    ),
    'WF-12': (
        E,
        'rules.coordinate, rules.check_regie',
        'test_rules.py::test_wf12_gi_regie',
        '',
    ),
    'WF-13': (
        E,
        "WestFrieslandPolicy.price (pay_to = the allocation's provider); rules.coordinate",
        'test_settlement.py::test_wf13_wf14_pays_hoofdaannemer_only',
        '',
    ),
    'WF-14': (
        E,
        'Allocation.subcontractors are never paid (WestFrieslandPolicy.price)',
        'test_settlement.py::test_wf13_wf14_pays_hoofdaannemer_only',
        '',
    ),
    'WF-15': (
        E,
        'parameters/tariffs.toml (model per arrangement); policy._check_tariff_shape',
        'test_parameters.py::test_wf15_wf50_wf57_funding_models',
        '',
    ),
    'WF-16': (
        P,
        'parameters/tariffs.toml (example values, marked)',
        'test_parameters.py::test_wf16_every_tariff_is_marked_example',
        '',
    ),
    'WF-17': (
        E,
        'rules.check_contract',
        'test_rules.py::test_wf17_contract_term',
        '',
    ),
    'WF-18': (
        N,
        '',
        '',
        (
            'Dissolving conditions are contract text; nothing in a case or a '
            'settlement depends on them.'
        ),
    ),
    'WF-19': (
        N,
        '',
        '',
        (
            'Quality requirements and quality systems are contract text, not '
            'computable from cases.'
        ),
    ),
    'WF-20': (
        N,
        '',
        '',
        (
            'The SROI percentage is set per tender and not given; it does not '
            'affect cases or settlement.'
        ),
    ),
    'WF-21': (
        E,
        'rules.check_access',
        'test_rules.py::test_wf21_access',
        '',
    ),
    'WF-22': (
        E,
        'parameters/catalog.toml [[segment_of]] (no Wmo arrangement in C)',
        'test_catalog.py::test_wf22_wf23_segment_of_arrangements',
        '',
    ),
    'WF-23': (
        P,
        (
            'parameters/catalog.toml [[segment_of]] (youth Intensief and Acuut in '
            "C: region's reading)"
        ),
        'test_catalog.py::test_wf22_wf23_segment_of_arrangements',
        '',
    ),
    'WF-24': (
        IND,
        'indicators.segment_c_share',
        'test_indicators.py::test_wf24_segment_c_share',
        '',
    ),
    'WF-25': (
        N,
        '',
        '',
        (
            'GI, the crisis service and JeugdzorgPlus are bought supra-regionally, '
            "outside this framework's catalogue."
        ),
    ),
    'WF-26': (
        E,
        'keys.ProfileArrangement',
        'test_catalog.py::test_wf26_arrangement_is_profile_times_intensity',
        '',
    ),
    'WF-27': (
        E,
        'rules.check_law, rules.check_extended_youth_care',
        'cases/catalogue.toml (test_cases.py); test_rules.py::test_wf27_extended_youth_care',
        '',
    ),
    'WF-28': (
        E,
        'keys.YouthProfile, keys.profile_arrangements',
        'test_catalog.py::test_wf28_wf29_wf89_44_plus_15',
        '',
    ),
    'WF-29': (
        E,
        'keys.WmoProfile, keys.profile_arrangements',
        'test_catalog.py::test_wf28_wf29_wf89_44_plus_15',
        '',
    ),
    'WF-30': (
        E,
        (
            'keys.HourlyProduct; parameters/tariffs.toml (price_quantity, unit 04); '
            'rules.check_deliveries (hours or minutes only)'
        ),
        (
            'test_settlement.py::test_wf30_hourly_products; '
            'test_rules.py::test_wf30_wf55_deliveries_fit_the_tariff'
        ),
        '',
    ),
    'WF-31': (
        E,
        'rules.check_arrangement_codes',
        (
            'test_rules.py::test_wf31_unknown_code; '
            'test_rules.py::test_wf31_wf87_code_messages_name_the_code_as_given'
        ),
        '',
    ),
    'WF-32': (
        IND,
        'rules.check_perspectiefplan (warning: a perspectiefplan without goals)',
        'test_rules.py::test_wf32_plan_without_goals_warns',
        '',
    ),
    'WF-33': (
        N,
        '',
        '',
        'An intent about how goals are worded; goals are free text.',
    ),
    'WF-34': (
        N,
        '',
        '',
        'Signing the investigation report is a process step; the model holds no signature.',
    ),
    'WF-35': (
        N,
        '',
        '',
        "The plan's contents (strengths, complaints, milestones) are free text, not checked.",
    ),
    'WF-36': (
        E,
        'rules.check_perspectiefplan (one plan may serve several household members)',
        'test_rules.py::test_wf36_one_plan_several_members',
        '',
    ),
    'WF-37': (
        P,
        'parameters/rules.toml [perspectiefplan] required_in_segments (segment B waived)',
        'cases/perspectiefplan.toml (test_cases.py)',
        '',
    ),
    'WF-38': (
        E,
        'rules.check_perspectiefplan (a stay next to a crisis allocation shares the exception)',
        (
            'cases/perspectiefplan.toml (test_cases.py); '
            'test_rules.py::test_wf38_plan_after_start'
        ),
        '',
    ),
    'WF-39': (
        N,
        '',
        '',
        (
            "Freedom of choice of provider is an input (the allocation's provider);"
            ' nothing to compute.'
        ),
    ),
    'WF-40': (
        N,
        '',
        '',
        'Coordination between hoofdaannemer and regisseur is a process duty.',
    ),
    'WF-41': (
        N,
        '',
        '',
        (
            "The hoofdaannemer's responsibility for its onderaannemers' quality is "
            'contract text; the money side is WF-13/WF-14.'
        ),
    ),
    'WF-42': (
        N,
        '',
        '',
        'A task of the local team, no rule on data.',
    ),
    'WF-43': (
        IND,
        'indicators.indicators, indicators.indicators_per_provider',
        'test_indicators.py::test_wf43_per_provider_and_arrangement',
        '',
    ),
    'WF-44': (
        N,
        '',
        '',
        "Who sets the result is process; the plan's goals are the input.",
    ),
    'WF-45': (
        IND,
        'indicators.Indicators (exactly three indicators)',
        'test_indicators.py::test_wf45_three_indicators',
        '',
    ),
    'WF-46': (
        IND,
        'indicators.Indicators.breakdown, dropout_share; indicators(ended_by=...)',
        (
            'test_indicators.py::test_wf46_wf47_dropout_breakdown; '
            'test_indicators.py::test_wf46_trajectories_ending_without_a_stop_count_as_ended_by_plan'
        ),
        '',
    ),
    'WF-47': (
        E,
        (
            'StopReason.dropout_category (core); indicators.DROPOUT_CATEGORIES; '
            'rules.check_end_reasons (one stop per allocation)'
        ),
        (
            'test_indicators.py::test_wf46_wf47_dropout_breakdown; '
            'test_rules.py::test_wf47_one_end_reason_and_care_that_never_runs'
        ),
        '',
    ),
    'WF-48': (
        IND,
        'indicators.Indicators.satisfaction',
        'test_indicators.py::test_wf48_satisfaction',
        '',
    ),
    'WF-49': (
        IND,
        'indicators.Indicators.goal_realisation',
        'test_indicators.py::test_wf49_goal_realisation',
        '',
    ),
    'WF-50': (
        E,
        'policy._check_tariff_shape (profile arrangements per trajectory or month)',
        'test_parameters.py::test_wf15_wf50_wf57_funding_models',
        '',
    ),
    'WF-51': (
        E,
        'WestFrieslandPolicy.price (one tariff per arrangement and year, any provider)',
        'test_settlement.py::test_wf51_same_tariff_for_every_provider',
        '',
    ),
    'WF-52': (
        E,
        'rules.check_no_effort_declared; settlement ignores hours on arrangements',
        'test_settlement.py::test_wf52_wf58_hours_and_extra_work_not_paid',
        '',
    ),
    'WF-53': (
        N,
        '',
        '',
        (
            'Supra-regional segment C functions with a funding model still to be '
            'chosen; outside this catalogue.'
        ),
    ),
    'WF-54': (
        E,
        'parameters/tariffs.toml (a tariff per profile x intensity); load_policy',
        'test_parameters.py::test_wf54_tariff_per_profile_and_intensity',
        '',
    ),
    'WF-55': (
        E,
        (
            'keys.StayProduct; parameters/tariffs.toml (stay per etmaal); '
            'rules.check_deliveries (whole etmalen only)'
        ),
        (
            'cases/settlement.toml (test_cases.py); '
            'test_rules.py::test_wf30_wf55_deliveries_fit_the_tariff'
        ),
        '',
    ),
    'WF-56': (
        E,
        'policy._check_tariff_shape',
        'test_parameters.py::test_wf56_higher_intensity_higher_tariff',
        '',
    ),
    'WF-57': (
        P,
        'parameters/tariffs.toml (per_period month, proration by_days)',
        (
            'cases/settlement.toml (test_cases.py); '
            'test_parameters.py::test_wf15_wf50_wf57_funding_models; '
            'test_settlement.py::test_wf57_twelve_months_is_twelve_tariffs; '
            'test_settlement.py::test_wf57_wmo_begun_before_2019_settles_in_2019'
        ),
        '',
    ),
    'WF-58': (
        E,
        'rules.check_no_effort_declared',
        'test_settlement.py::test_wf52_wf58_hours_and_extra_work_not_paid',
        '',
    ),
    'WF-59': (
        P,
        'parameters/tariffs.toml [indexation] (example rates)',
        (
            'test_properties.py::test_wf59_indexation_compounds; '
            'test_parameters.py::test_wf59_indexed_tariffs'
        ),
        '',
    ),
    'WF-60': (
        E,
        'rules.check_stacking; parameters/rules.toml [stacking]',
        (
            'cases/stacking.toml (test_cases.py); '
            'test_properties.py::test_wf60_no_overlap_after_changes; '
            'test_properties.py::test_wf60_validator_flags_every_overlap; '
            'test_rules.py::test_wf60_product_stopped_on_its_first_day_is_no_stacking'
        ),
        '',
    ),
    'WF-61': (
        E,
        'WestFrieslandPolicy.settle (evaluations never change amounts)',
        'test_settlement.py::test_wf61_no_bonus_malus',
        '',
    ),
    'WF-62': (
        E,
        'rules.check_acceptance',
        'test_rules.py::test_wf62_wf63_acceptance',
        '',
    ),
    'WF-63': (
        P,
        'parameters/rules.toml [acceptance] resolving_conditions',
        'test_rules.py::test_wf62_wf63_acceptance',
        '',
    ),
    'WF-64': (
        P,
        (
            'parameters/tariffs.toml (installments 7/10 + 3/10); '
            'WestFrieslandPolicy.trajectory_terms'
        ),
        (
            'cases/settlement.toml (test_cases.py); '
            'test_properties.py::test_wf64_paid_plus_withheld_is_tariff; '
            'test_settlement.py::test_wf64_odd_cents_split_to_the_cent; '
            'test_settlement.py::test_wf64_trajectory_across_years_keeps_its_start_tariff'
        ),
        '',
    ),
    'WF-65': (
        P,
        'parameters/tariffs.toml (withhold_on client_unilateral, moved, deceased)',
        (
            'cases/settlement.toml (test_cases.py); '
            'test_properties.py::test_wf64_paid_plus_withheld_is_tariff; '
            'test_settlement.py::test_what_if_other_trajectory_terms; '
            'test_settlement.py::test_wf65_withheld_line_cites_the_withholding_rule; '
            'test_settlement.py::test_wf64_wf65_what_if_terms_are_checked'
        ),
        '',
    ),
    'WF-66': (
        P,
        (
            'a switch is a stop of the old allocation and a new one; the '
            "withholding parameter decides the old provider's 30%"
        ),
        'test_settlement.py::test_wf66_budget_follows_client',
        '',
    ),
    'WF-67': (
        E,
        'parameters/members.toml, catalog.toml (valid_from 2019-01-01)',
        'test_catalog.py::test_wf01_wf67_valid_from_2019',
        '',
    ),
    'WF-68': (
        N,
        '',
        '',
        'Target dates of the 2018 implementation year; no effect on cases from 2019.',
    ),
    'WF-69': (
        E,
        'WestFrieslandPolicy.dialects is empty: no municipality changes a core rule',
        'test_catalog.py::test_wf69_no_dialects',
        '',
    ),
    'WF-70': (
        E,
        'keys.YouthProfile; parameters/catalog.toml [[youth_profile]]',
        'test_catalog.py::test_youth_profiles_as_printed',
        '',
    ),
    'WF-71': (
        E,
        'keys.YouthProfile; parameters/catalog.toml [[youth_profile]]',
        'test_catalog.py::test_youth_profiles_as_printed',
        '',
    ),
    'WF-72': (
        E,
        'keys.YouthProfile; parameters/catalog.toml [[youth_profile]]',
        'test_catalog.py::test_youth_profiles_as_printed',
        '',
    ),
    'WF-73': (
        E,
        'keys.YouthProfile; parameters/catalog.toml [[youth_profile]]',
        'test_catalog.py::test_youth_profiles_as_printed',
        '',
    ),
    'WF-74': (
        E,
        'keys.YouthProfile; parameters/catalog.toml [[youth_profile]]',
        'test_catalog.py::test_youth_profiles_as_printed',
        '',
    ),
    'WF-75': (
        E,
        'keys.YouthProfile; parameters/catalog.toml [[youth_profile]]',
        'test_catalog.py::test_youth_profiles_as_printed',
        '',
    ),
    'WF-76': (
        E,
        'keys.YouthProfile; parameters/catalog.toml [[youth_profile]]',
        'test_catalog.py::test_youth_profiles_as_printed',
        '',
    ),
    'WF-77': (
        E,
        'keys.YouthProfile; parameters/catalog.toml [[youth_profile]]',
        'test_catalog.py::test_youth_profiles_as_printed',
        '',
    ),
    'WF-78': (
        E,
        'keys.YouthProfile; parameters/catalog.toml [[youth_profile]]',
        'test_catalog.py::test_youth_profiles_as_printed',
        '',
    ),
    'WF-79': (
        E,
        'parameters/catalog.toml (max_age = 6); rules.check_profile_age',
        'test_rules.py::test_wf79_profile_10_age',
        '',
    ),
    'WF-80': (
        E,
        'keys.YouthProfile; parameters/catalog.toml [[youth_profile]]',
        'test_catalog.py::test_youth_profiles_as_printed',
        '',
    ),
    'WF-81': (
        E,
        'keys.WmoProfile; parameters/catalog.toml [[wmo_profile]]',
        'test_catalog.py::test_wmo_profiles_as_printed',
        '',
    ),
    'WF-82': (
        E,
        'keys.WmoProfile; parameters/catalog.toml [[wmo_profile]]',
        'test_catalog.py::test_wmo_profiles_as_printed',
        '',
    ),
    'WF-83': (
        E,
        'keys.WmoProfile; parameters/catalog.toml [[wmo_profile]]',
        'test_catalog.py::test_wmo_profiles_as_printed',
        '',
    ),
    'WF-84': (
        E,
        'keys.WmoProfile; parameters/catalog.toml [[wmo_profile]]',
        'test_catalog.py::test_wmo_profiles_as_printed',
        '',
    ),
    'WF-85': (
        E,
        'keys.WmoProfile; parameters/catalog.toml [[wmo_profile]]',
        'test_catalog.py::test_wmo_profiles_as_printed',
        '',
    ),
    'WF-86': (
        E,
        'keys.Intensity; parameters/catalog.toml [[intensity]]',
        'test_catalog.py::test_wf86_wf88_intensities',
        '',
    ),
    'WF-87': (
        E,
        'keys.ProfileArrangement (refuses Wmo x Acuut); rules.check_arrangement_codes',
        (
            'cases/catalogue.toml (test_cases.py); '
            'test_catalog.py::test_wf87_no_acuut_for_the_wmo'
        ),
        '',
    ),
    'WF-88': (
        E,
        'keys.Intensity (rank, ordering)',
        'test_catalog.py::test_wf86_wf88_intensities',
        '',
    ),
    'WF-89': (
        E,
        'keys.profile_arrangements; policy.build_catalog',
        'test_catalog.py::test_wf28_wf29_wf89_44_plus_15',
        '',
    ),
    'WF-90': (
        N,
        '',
        '',
        (
            'A descriptive remark in a worked example (no 24-hour supervision), not'
            ' a rule on data.'
        ),
    ),
}

RULES: tuple[RuleDoc, ...] = tuple(
    RuleDoc(rule, SECTIONS[rule][1], ref(rule), status, encoded, tested, reason)
    for rule, (status, encoded, tested, reason) in sorted(_TABLE.items())
)
"""Every rule of the inventory (WF-01 .. WF-90) with its status."""
