#!/usr/bin/python3
# Writes the iCalendar fixtures of tests/feeds_ical_test.cpp with real iCalendar writers,
# so that the parser is tested on what programs produce rather than on hand-typed files:
#   campaign.ics   python3-icalendar (4.0.3 in Debian 12): a campaign's meetings, pickets,
#                  screenings and socials; TZIDs without VTIMEZONE (the system's zone
#                  database must resolve them), one Windows zone name, a floating time.
#   vobject.ics    python3-vobject (0.9.6.1): the weekly meeting again, with the VTIMEZONE
#                  vobject derives from dateutil; it names Europe/London "GMT" (its
#                  tzname), so the file's VTIMEZONE must win over the zone database's GMT.
#   runaway.ics    python3-icalendar: rules that repeat every second or minute for ever.
#   allday.ics     python3-icalendar: all-day events (a DATE start) whose rule repeats every
#                  second or every hour: libical gives the same date again at each step.
#   broken.ics     python3-icalendar, then damaged on purpose (see damage() below): a rule
#                  libical cannot read, a DTSTART that is no date, an unknown TZID, beside
#                  events that are fine, one of them twice.
#   rules.ics      python3-icalendar: an override with RANGE=THISANDFUTURE, and a DTSTART
#                  that its rule does not match.
#   truncated.ics  campaign.ics cut off in the middle of an event, as a dropped download is.
#   exchange.ics   python3-icalendar, shaped like Exchange's and Apple iCal's export: an
#                  all-day weekly series whose moved occurrences name their original day
#                  by a RECURRENCE-ID at midnight, once with a TZID and once in UTC (the
#                  organizer's midnight in Paris, 23:00Z the day before), and an EXDATE
#                  written so too.
#
# Re-run (Debian 12): apt-get install python3-icalendar python3-vobject python3-dateutil
#   /usr/bin/python3 tests/data/ical/make-fixtures.py
# It writes beside itself and always the same bytes (DTSTAMPs are fixed).
import datetime as dt
import os

import dateutil.tz
import icalendar
import pytz
import vobject

HERE = os.path.dirname(os.path.abspath(__file__))
LONDON = pytz.timezone("Europe/London")
CARACAS = pytz.timezone("America/Caracas")
STAMP = dt.datetime(2026, 10, 1, 9, 0, tzinfo=pytz.utc)
SITE = "https://valencia-solidarity.example.org"
HALL = "Marchmont Community Centre, 62 Marchmont Street, London WC1N 1AB"


def london(*args):
    return LONDON.localize(dt.datetime(*args))


def calendar(name):
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Valencia Solidarity Campaign//placard fixtures//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    return cal


def event(uid, summary, start, end=None, **more):
    e = icalendar.Event()
    e.add("uid", uid + "@valencia-solidarity.example.org")
    e.add("dtstamp", STAMP)
    e.add("summary", summary)
    more = {"dtstart": start, **({"dtend": end} if end is not None else {}), **more}
    for key, value in more.items():
        key = key.replace("_", "-")
        if isinstance(value, tuple):  # (value, parameters)
            e.add(key, value[0], parameters=value[1])
        else:
            e.add(key, value)
    return e


def campaign():
    cal = calendar("Valencia Solidarity Campaign: events")

    # Wednesdays at 19:00 London time, across both changes of the clocks.
    cal.add_component(event(
        "weekly-organising", "Weekly organising meeting", london(2026, 10, 14, 19, 0), london(2026, 10, 14, 20, 30),
        rrule={"freq": "weekly", "until": dt.datetime(2027, 4, 7, 18, 0, tzinfo=pytz.utc)},
        location=HALL,
        description="Open to all supporters. We plan the pickets, the stall and the next bulletin.",
        categories=["Meetings"]))

    # First Thursday of the month; no meeting in December (EXDATE); January's moved to
    # the 14th at another hall (an override with RECURRENCE-ID).
    monthly = event(
        "public-meeting", "Public meeting: workers' control in Valencia", london(2026, 11, 5, 19, 30),
        london(2026, 11, 5, 21, 0),
        rrule={"freq": "monthly", "byday": "1TH", "count": 6},
        location=HALL,
        url=SITE + "/events/public-meeting/",
        description=("<p>A speaker from the <b>Valencia workers&#8217; council</b> reports on the occupied "
                     "plants.</p><p>Free entry &amp; refreshments.<br>Bring a friend!</p>"),
        categories=["Public meetings", "Venezuela"])
    monthly.add("exdate", [london(2026, 12, 3, 19, 30)])
    cal.add_component(monthly)
    cal.add_component(event(
        "public-meeting", "Public meeting: workers' control in Valencia (new date)", london(2027, 1, 14, 18, 30),
        london(2027, 1, 14, 20, 30),
        recurrence_id=london(2027, 1, 7, 19, 30),
        sequence=1,
        location="Conway Hall, 25 Red Lion Square, London WC1R 4RL",
        url=SITE + "/events/public-meeting/",
        description="Moved one week on and to a bigger hall: the speaker's flight changed.",
        categories=["Public meetings", "Venezuela"]))

    # Saturday pickets, eight of them; the one on 14 November is called off.
    cal.add_component(event(
        "embassy-picket", "Picket outside the embassy", london(2026, 10, 17, 12, 0), london(2026, 10, 17, 14, 0),
        rrule={"freq": "weekly", "byday": "SA", "count": 8},
        location="Outside the embassy, 1 Cromwell Road, London SW7",
        description="Banners and leaflets provided. Wrap up warm.",
        categories=["Pickets"]))
    cal.add_component(event(
        "embassy-picket", "Picket outside the embassy", london(2026, 11, 14, 12, 0), london(2026, 11, 14, 14, 0),
        recurrence_id=london(2026, 11, 14, 12, 0), status="CANCELLED", sequence=2))

    # Every other Sunday, five times, and one extra screening added by RDATE.
    film = event(
        "film-club", "Film club: documentaries from the occupied factories", london(2026, 10, 18, 16, 0),
        london(2026, 10, 18, 18, 0),
        rrule={"freq": "weekly", "interval": 2, "byday": "SU", "count": 5},
        location=HALL, categories=["Screenings"])
    film.add("rdate", [london(2026, 12, 20, 16, 0)])
    cal.add_component(film)

    # Last Friday of the month, in floating time (no TZID, no Z): wherever the screen is.
    cal.add_component(event(
        "last-friday-social", "Solidarity social", dt.datetime(2026, 10, 30, 20, 0), dt.datetime(2026, 10, 30, 23, 0),
        rrule={"freq": "monthly", "byday": "-1FR", "count": 3},
        location="The Lamb, Lamb's Conduit Street", description="Music, food and a raffle for the strike fund."))

    # All day, one day (no DTEND), and several days (DTEND is exclusive: 26 to 29 November).
    cal.add_component(event("day-of-action", "Day of action for the dockers", dt.date(2026, 11, 21),
                            categories=["Actions"]))
    cal.add_component(event("caravan", "Solidarity caravan to the coast", dt.date(2026, 11, 26),
                            dt.date(2026, 11, 30), location="Leaves from King's Cross"))

    # Caracas is UTC-4 since 1 May 2016 (UTC-4:30 from 2007 until then).
    cal.add_component(event(
        "valencia-call", "Video call with the workers' council in Valencia",
        CARACAS.localize(dt.datetime(2026, 11, 10, 18, 0)), CARACAS.localize(dt.datetime(2026, 11, 10, 19, 30)),
        location="Online"))
    cal.add_component(event(
        "valencia-call-2015", "Video call with the workers' council (2015)",
        CARACAS.localize(dt.datetime(2015, 11, 10, 18, 0)), CARACAS.localize(dt.datetime(2015, 11, 10, 19, 30))))

    # A Windows zone name without VTIMEZONE, as some Exchange exports write it.
    cal.add_component(event(
        "paris-committee", "Meeting with the Paris committee",
        (dt.datetime(2026, 11, 17, 18, 0), {"TZID": "Romance Standard Time"}),
        (dt.datetime(2026, 11, 17, 19, 0), {"TZID": "Romance Standard Time"})))

    # Left out: a cancelled series, and a private one.
    cal.add_component(event("screening-cancelled", "Screening: The Occupied Factory", london(2026, 11, 12, 19, 0),
                            london(2026, 11, 12, 21, 0), status="CANCELLED"))
    cal.add_component(event("steering", "Steering committee", london(2026, 11, 11, 18, 0),
                            london(2026, 11, 11, 19, 0), **{"class": "PRIVATE"}))
    # Shown: TRANSP:TRANSPARENT only says the organizer is free then.
    cal.add_component(event("market-stall", "Leafleting at the market", london(2026, 11, 7, 10, 0),
                            london(2026, 11, 7, 12, 0), transp="TRANSPARENT", location="Lower Marsh market"))

    # Began before the window of the tests and still on when it opens.
    cal.add_component(event("vigil", "Occupation vigil",
                            dt.datetime(2026, 10, 31, 10, 0, tzinfo=pytz.utc),
                            dt.datetime(2026, 11, 2, 10, 0, tzinfo=pytz.utc), location="Outside the factory gates"))
    # DURATION instead of DTEND; and a DATE-TIME without either (no length).
    workshop = event("banner-workshop", "Banner-making workshop", dt.datetime(2026, 11, 8, 14, 0, tzinfo=pytz.utc),
                     location=HALL, last_modified=dt.datetime(2026, 10, 20, 8, 30, tzinfo=pytz.utc))
    workshop.add("duration", dt.timedelta(hours=3))
    cal.add_component(workshop)
    cal.add_component(event("appeal-closes", "Strike fund appeal closes", london(2026, 11, 30, 23, 59),
                            url=SITE + "/donate/"))
    return cal


def with_vobject():
    cal = vobject.iCalendar()
    cal.add("prodid").value = "-//Valencia Solidarity Campaign//placard fixtures (vobject)//EN"
    weekly = cal.add("vevent")
    weekly.add("uid").value = "weekly-organising@valencia-solidarity.example.org"
    weekly.add("dtstamp").value = STAMP
    weekly.add("summary").value = "Weekly organising meeting"
    zone = dateutil.tz.gettz("Europe/London")
    weekly.add("dtstart").value = dt.datetime(2026, 10, 14, 19, 0, tzinfo=zone)
    weekly.add("dtend").value = dt.datetime(2026, 10, 14, 20, 30, tzinfo=zone)
    weekly.add("rrule").value = "FREQ=WEEKLY;UNTIL=20270407T180000Z"
    weekly.add("location").value = HALL
    day = cal.add("vevent")
    day.add("uid").value = "day-of-action@valencia-solidarity.example.org"
    day.add("dtstamp").value = STAMP
    day.add("summary").value = "Day of action for the dockers"
    day.add("dtstart").value = dt.date(2026, 11, 21)
    return cal.serialize()


def runaway():
    cal = calendar("Runaway rules")
    cal.add_component(event("every-second", "Every second", london(2026, 11, 1, 9, 0), rrule={"freq": "secondly"}))
    cal.add_component(event("every-minute", "Every minute", london(2026, 11, 2, 9, 0), london(2026, 11, 2, 9, 1),
                            rrule={"freq": "minutely"}))
    # Begun long ago: its repetitions before the window alone exceed the budget.
    cal.add_component(event("since-1990", "Every second since 1990", london(1990, 1, 1, 0, 0),
                            rrule={"freq": "secondly"}))
    cal.add_component(event("stall", "Weekly stall", london(2026, 11, 7, 10, 0), london(2026, 11, 7, 12, 0),
                            rrule={"freq": "weekly", "count": 3}))
    return cal


def allday():
    cal = calendar("All-day rules that repeat within the day")
    cal.add_component(event("action-seconds", "Day of action for the dockers", dt.date(2026, 11, 21),
                            rrule={"freq": "secondly"}))
    cal.add_component(event("vigil-hours", "Vigil at the gates", dt.date(2026, 11, 3), rrule={"freq": "hourly"}))
    return cal


def broken():
    cal = calendar("Broken events")
    cal.add_component(event("good-1", "Picket outside the embassy", london(2026, 11, 7, 12, 0),
                            london(2026, 11, 7, 14, 0)))
    cal.add_component(event("bad-rule", "Fortnightly meeting", london(2026, 11, 4, 19, 0),
                            rrule={"freq": "weekly", "interval": 2}))
    cal.add_component(event("bad-start", "Screening", london(2026, 11, 6, 19, 0)))
    cal.add_component(event("odd-zone", "Call with the comrades on Mars",
                            (dt.datetime(2026, 11, 9, 18, 0), {"TZID": "Mars/Olympus_Mons"})))
    cal.add_component(event("good-2", "Solidarity social", london(2026, 11, 27, 20, 0), london(2026, 11, 27, 23, 0)))
    # The first event again, as when a copy is pasted into a feed: shown once.
    cal.add_component(event("good-1", "Picket outside the embassy", london(2026, 11, 7, 12, 0),
                            london(2026, 11, 7, 14, 0)))
    return cal


def rules():
    cal = calendar("Rules with a twist")
    cal.add_component(event("saturday-stall", "Saturday stall", london(2026, 11, 7, 10, 0), london(2026, 11, 7, 12, 0),
                            rrule={"freq": "weekly", "count": 6}, location="Lower Marsh market"))
    # RFC 5545 3.8.4.4: RANGE=THISANDFUTURE changes this occurrence and all after it.
    # icalendar drops the TZID when given parameters: the RECURRENCE-ID comes out floating,
    # as a few programs write it, and is read in the master's zone.
    cal.add_component(event("saturday-stall", "Saturday stall", london(2026, 11, 21, 11, 0),
                            london(2026, 11, 21, 13, 0),
                            recurrence_id=(london(2026, 11, 21, 10, 0), {"RANGE": "THISANDFUTURE"}),
                            sequence=1, location="Outside Brixton station"))
    # DTSTART on a Tuesday, the rule on Thursdays: DTSTART is the first of the COUNT=3.
    cal.add_component(event("quiz", "Fundraising quiz", london(2026, 11, 3, 19, 0), london(2026, 11, 3, 21, 0),
                            rrule={"freq": "weekly", "byday": "TH", "count": 3}))
    return cal


def exchange():
    cal = icalendar.Calendar()
    cal.add("prodid", "Microsoft Exchange Server 2010")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    allday = {"x_microsoft_cdo_alldayevent": "TRUE"}
    # Thursdays from 3 December, six of them: 3, 10, 17, 24, 31 December and 7 January.
    collection = event(
        "strike-collection", "Collection for the strike fund", dt.date(2026, 12, 3), dt.date(2026, 12, 4),
        rrule={"freq": "weekly", "byday": "TH", "count": 6}, location="Outside the depot", **allday)
    # Exchange's deleted occurrence: midnight of 31 December in the series' zone.
    collection.add("exdate", dt.datetime(2026, 12, 31, 0, 0), parameters={"TZID": "W. Europe Standard Time"})
    cal.add_component(collection)
    # 10 December moved to Friday the 11th: RECURRENCE-ID with a TZID, at local midnight.
    cal.add_component(event(
        "strike-collection", "Collection for the strike fund (Friday this week)", dt.date(2026, 12, 11),
        dt.date(2026, 12, 12), recurrence_id=(dt.datetime(2026, 12, 10, 0, 0), {"TZID": "W. Europe Standard Time"}),
        sequence=1, location="Outside the depot", **allday))
    # 24 December moved to Wednesday the 23rd: RECURRENCE-ID in UTC, Paris's midnight.
    cal.add_component(event(
        "strike-collection", "Collection for the strike fund (before Christmas)", dt.date(2026, 12, 23),
        dt.date(2026, 12, 24), recurrence_id=dt.datetime(2026, 12, 23, 23, 0, tzinfo=pytz.utc),
        sequence=1, location="Outside the depot", **allday))
    return cal


def damage(text):
    # What icalendar will not write: a rule libical cannot read, a DTSTART in ISO 8601.
    text = text.replace("RRULE:FREQ=WEEKLY;INTERVAL=2", "RRULE:FREQ=FORTNIGHTLY")
    text = text.replace("DTSTART;TZID=Europe/London;VALUE=DATE-TIME:20261106T190000",
                        "DTSTART;TZID=Europe/London:2026-11-06 19:00")
    assert "FORTNIGHTLY" in text and "2026-11-06 19:00" in text
    return text


def write(name, text):
    with open(os.path.join(HERE, name), "w", newline="") as f:
        f.write(text)


def main():
    campaign_text = campaign().to_ical().decode()
    write("campaign.ics", campaign_text)
    write("vobject.ics", with_vobject())
    write("runaway.ics", runaway().to_ical().decode())
    write("allday.ics", allday().to_ical().decode())
    write("broken.ics", damage(broken().to_ical().decode()))
    write("rules.ics", rules().to_ical().decode())
    write("exchange.ics", exchange().to_ical().decode())
    cut = campaign_text.index("BEGIN:VEVENT", len(campaign_text) // 2) + 60
    write("truncated.ics", campaign_text[:cut])


if __name__ == "__main__":
    main()
