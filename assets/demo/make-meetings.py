#!/usr/bin/python3
# Writes meetings.ics beside itself with python3-icalendar (4.0.3 in Debian 12): the
# recurring meetings of "Open Gates", the demo's fictional campaign, as a calendar
# program would publish them. Recurring events with no end keep the demo current for
# ever, where dated events (events.xml) run out.
#   - the organising meeting: first Wednesday of the month, 19:00-20:30 Europe/London,
#     with the January 2027 one moved a week later (RECURRENCE-ID) and August's dropped
#     for the summer break (EXDATE);
#   - the campaign stall at the Saturday market: every other Saturday, 10:00-13:00.
#
# Re-run (Debian 12): apt-get install python3-icalendar
#   /usr/bin/python3 assets/demo/make-meetings.py
# It always writes the same bytes (DTSTAMPs are fixed).
import datetime as dt
import os

import icalendar
import pytz

HERE = os.path.dirname(os.path.abspath(__file__))
LONDON = pytz.timezone("Europe/London")
STAMP = dt.datetime(2026, 11, 20, 9, 0, tzinfo=pytz.utc)


def at(y, mo, d, h, mi):
    return LONDON.localize(dt.datetime(y, mo, d, h, mi))


def event(uid, summary, start, end, location, description):
    e = icalendar.Event()
    e.add("uid", uid)
    e.add("dtstamp", STAMP)
    e.add("summary", summary)
    e.add("dtstart", start)
    e.add("dtend", end)
    e.add("location", location)
    e.add("description", description)
    return e


cal = icalendar.Calendar()
cal.add("prodid", "-//Open Gates//demo meetings//EN")
cal.add("version", "2.0")
cal.add("x-wr-calname", "Open Gates meetings")
cal.add("x-wr-timezone", "Europe/London")

meeting = event(
    "organising-meeting@open-gates.example.org",
    "Open Gates organising meeting",
    at(2026, 1, 7, 19, 0),
    at(2026, 1, 7, 20, 30),
    "Trades Hall, Room 2, 12 Union Street, Sheffield",
    "Reports from the delegation, the hardship fund and the next actions. Everyone is welcome; "
    "tea from 18:45.",
)
meeting.add("rrule", {"freq": "monthly", "byday": "1WE"})
meeting.add("exdate", [at(2027, 8, 4, 19, 0)])
cal.add_component(meeting)

moved = event(
    "organising-meeting@open-gates.example.org",
    "Open Gates organising meeting (moved for the New Year)",
    at(2027, 1, 13, 19, 0),
    at(2027, 1, 13, 20, 30),
    "Trades Hall, Room 2, 12 Union Street, Sheffield",
    "One week later than usual, after the holidays.",
)
moved.add("recurrence-id", at(2027, 1, 6, 19, 0))
cal.add_component(moved)

stall = event(
    "market-stall@open-gates.example.org",
    "Campaign stall at the Saturday market",
    at(2026, 11, 28, 10, 0),
    at(2026, 11, 28, 13, 0),
    "Moor Market, Sheffield",
    "Leaflets, the petition and hand-painted tiles from Cerámicas del Sur. Come and take a turn.",
)
stall.add("rrule", {"freq": "weekly", "interval": 2, "byday": "SA"})
cal.add_component(stall)

with open(os.path.join(HERE, "meetings.ics"), "wb") as f:
    f.write(cal.to_ical())
