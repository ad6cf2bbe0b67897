"""A small labelled set of objective pairs, written as partners would word them.

Each pair: (objective of one party, objective of the other, related?). "Related" means a person
running the partnership would want a shared goal covering both. The matcher is measured on it in
test_suggestions.py; add pairs here when a real suggestion is wrong.
"""

Objective = tuple[str, str]  # (title, description)

PAIRS: list[tuple[Objective, Objective, bool]] = [
    # related
    (
        ("Install rooftop solar on 2,000 homes", "Residential rooftop installs in our area."),
        ("Grow residential solar installations", "More rooftop installs for homeowners."),
        True,
    ),
    (
        ("Cut installation lead time", "From signed contract to panels on the roof."),
        ("Shorter lead time from order to installation", "Customers wait too long."),
        True,
    ),
    (
        ("Deliver panels to installers within five days", "Port to installer."),
        ("Faster panel delivery from port", "Installers wait for panels at the port."),
        True,
    ),
    (
        ("Reduce warehouse costs", "Share warehouse space in Rotterdam."),
        ("Use spare warehouse capacity", "Our Rotterdam warehouse is half empty."),
        True,
    ),
    (
        ("Lower customer acquisition cost", "Fewer marketing euros per new customer."),
        ("Cheaper customer acquisition through joint marketing", ""),
        True,
    ),
    (
        ("Train 50 certified installers", "A certification programme for installers."),
        ("Certified installer training programme", "Train installers together."),
        True,
    ),
    (
        ("Electrify the truck fleet", "Replace diesel trucks with electric ones."),
        ("Finance electric trucks", "Green loans for fleet electrification."),
        True,
    ),
    (
        ("Reduce grid connection delays", "Connections take months."),
        ("Faster grid connections for new installs", ""),
        True,
    ),
    (
        ("Improve customer satisfaction scores", "NPS above 50."),
        ("Higher customer satisfaction after installation", "Survey every customer."),
        True,
    ),
    (
        ("Enter the German market", "Sell in Germany by 2027."),
        ("Expand sales into Germany", "German distribution partners."),
        True,
    ),
    (
        ("Decarbonise our logistics", "Net-zero transport by 2030."),
        ("Electrify the truck fleet", "Replace diesel trucks with electric ones."),
        True,
    ),
    (
        ("Win more tenders for public buildings", "Schools and town halls."),
        ("Solar on municipal roofs", "Councils want panels on schools."),
        True,
    ),
    # unrelated
    (
        ("Install rooftop solar on 2,000 homes", "Residential rooftop installs in our area."),
        ("Reduce warehouse costs", "Share warehouse space in Rotterdam."),
        False,
    ),
    (
        ("Cut installation lead time", "From signed contract to panels on the roof."),
        ("Enter the German market", "Sell in Germany by 2027."),
        False,
    ),
    (
        ("Train 50 certified installers", "A certification programme for installers."),
        ("Lower customer acquisition cost", "Fewer marketing euros per new customer."),
        False,
    ),
    (
        ("Electrify the truck fleet", "Replace diesel trucks with electric ones."),
        ("Improve customer satisfaction scores", "NPS above 50."),
        False,
    ),
    (
        ("Publish a joint sustainability report", "Yearly, audited."),
        ("Faster panel delivery from port", "Installers wait for panels at the port."),
        False,
    ),
    (
        ("Reduce grid connection delays", "Connections take months."),
        ("Hire a regional sales team", "Five people in the north."),
        False,
    ),
    (
        ("Secure green financing", "Green bonds for new projects."),
        ("Use spare warehouse capacity", "Our Rotterdam warehouse is half empty."),
        False,
    ),
    (
        ("Recycle end-of-life batteries", "Second-life storage."),
        ("Expand sales into Germany", "German distribution partners."),
        False,
    ),
    (
        ("Share customer data securely", "A data-sharing agreement."),
        ("Electrify the truck fleet", "Replace diesel trucks with electric ones."),
        False,
    ),
    (
        ("Lower installation cost per home", "Cheaper mounting systems."),
        ("Publish a joint sustainability report", "Yearly, audited."),
        False,
    ),
    (
        ("Grow residential solar installations", "More rooftop installs for homeowners."),
        ("Secure green financing", "Green bonds for new projects."),
        False,
    ),
    (
        ("Hire a regional sales team", "Five people in the north."),
        ("Recycle end-of-life batteries", "Second-life storage."),
        False,
    ),
    (
        ("Reduce warehouse costs", "Share warehouse space in Rotterdam."),
        ("Reduce installation costs", "Cheaper mounting systems on the roof."),
        False,
    ),
    (
        ("Grow residential solar installations", "More rooftop installs for homeowners."),
        ("Grow revenue from storage batteries", "Sell home batteries."),
        False,
    ),
]
