/*
 * Studio editor: the whole form, section by section.
 *
 * General, the five list sections (lists.js), schedule, pacing, pairing, assessments, completion and
 * reminders, drawn from ed.program. Drawing again starts from scratch: the error registry, the error
 * marks and the list bookkeeping are reset first.
 */

import {h, empty, describe, sectionLegend} from './util.js';

/** Give the editor ed render(), which draws ed.program. */
export function addSections(ed) {
    var gettext = ed.gettext;

    function section(key, legend, hint, children) {
        var id = ed.uid('section-' + key);
        var fieldset = h('fieldset', {className: 'ms-section', id: id}, [
            sectionLegend(id + '-heading', legend),
            hint ? h('p', {className: 'ms-hint', id: id + '-hint', text: hint}) : null
        ]);
        if (hint) {
            describe(fieldset, [id + '-hint']);
        }
        children.forEach(function (child) {
            fieldset.appendChild(child);
        });
        return fieldset;
    }

    function render() {
        var program = ed.program;
        var limits = ed.limits;
        var choices = ed.choices;
        ed.registry.clear();
        ed.errorMarks = [];
        ed.lists = {};
        empty(ed.sectionsEl);
        var c = program.completion;
        var formatChoices = choices.session_formats ||
            ['video', 'phone', 'in_person', 'chat'].map(function (v) { return {value: v, label: v}; });
        var modeChoices = choices.pairing_modes ||
            ['staff', 'invite', 'both'].map(function (v) { return {value: v, label: v}; });

        var general = section('general', gettext('General'), null, [
            ed.textField({
                path: 'display_name', label: gettext('Display name'), value: program.display_name,
                maxlength: limits.title, hint: gettext('The title learners see for this block.'),
                onInput: function (value) { program.display_name = value; }
            }),
            ed.textField({
                path: 'introduction', label: gettext('Introduction'), value: program.introduction,
                multiline: true, rows: 5, maxlength: limits.text,
                hint: gettext('Shown to mentors and mentees at the top of the block. Plain text; line breaks are kept.'),
                onInput: function (value) { program.introduction = value; }
            })
        ]);
        var generalSlot = h('div', {className: 'ms-slot'});
        general.insertBefore(generalSlot, general.children[1]);
        ed.register('', {group: general, anchor: generalSlot, label: gettext('General')});

        var schedule = section('schedule', gettext('Schedule'), null, [
            h('div', {className: 'ms-row'}, [
                ed.numberField({
                    path: 'duration_weeks', label: gettext('Program length in weeks'), value: program.duration_weeks,
                    min: 1, onInput: function (value) { program.duration_weeks = value; }
                }),
                ed.numberField({
                    path: 'min_sessions_per_month', label: gettext('Minimum sessions per month'),
                    value: program.min_sessions_per_month, min: 0,
                    onInput: function (value) { program.min_sessions_per_month = value; }
                })
            ]),
            ed.choiceGroup({
                path: 'session_formats', legend: gettext('Allowed session formats'), options: formatChoices,
                isChecked: function (value) { return program.session_formats.indexOf(value) !== -1; },
                onChange: function (value, checked) {
                    // Keep the order of the choices, whatever order the boxes are ticked in.
                    var chosen = program.session_formats.filter(function (v) { return v !== value; });
                    if (checked) {
                        chosen.push(value);
                    }
                    program.session_formats = formatChoices.map(function (o) { return o.value; })
                        .filter(function (v) { return chosen.indexOf(v) !== -1; });
                }
            })
        ]);

        var pacingChoices = choices.pacing_modes ||
            ['guided', 'free'].map(function (v) { return {value: v, label: v}; });
        var pacing = section('pacing', gettext('Pacing'),
            gettext('Guided pacing gives each pair dates counted from the day it starts: a suggested week for each agenda item, the mid-point assessment half-way through, the final one near the end. Free pacing has no dates.'), [
                ed.choiceGroup({
                    path: 'pacing', legend: gettext('How pairs are paced'), options: pacingChoices, single: true,
                    isChecked: function (value) { return program.pacing === value; },
                    onChange: function (value, checked) {
                        if (checked) {
                            program.pacing = value;
                        }
                    }
                }),
                ed.numberField({
                    path: 'final_round_weeks', label: gettext('Weeks the final assessment is open'),
                    value: program.final_round_weeks, min: 1,
                    hint: gettext('Guided pacing only: the final assessment opens this many weeks before the planned end. From 1 to the program length.'),
                    onInput: function (value) { program.final_round_weeks = value; }
                })
            ]);

        var pairing = section('pairing', gettext('Pairing'), null, [
            ed.choiceGroup({
                path: 'pairing_mode', legend: gettext('Who forms the pairs'), options: modeChoices, single: true,
                isChecked: function (value) { return program.pairing_mode === value; },
                onChange: function (value, checked) {
                    if (checked) {
                        program.pairing_mode = value;
                    }
                }
            }),
            ed.numberField({
                path: 'mentor_capacity', label: gettext('Mentees per mentor (at most)'),
                value: program.mentor_capacity, min: 1,
                hint: gettext('How many mentees one mentor may have at the same time.'),
                onInput: function (value) { program.mentor_capacity = value; }
            })
        ]);

        var assessments = section('assessments', gettext('Assessments'),
            gettext('A baseline and a final round always take place.'), [
                ed.checkboxField({
                    path: 'midpoint_round', label: gettext('Add a mid-point assessment round'),
                    value: program.midpoint_round,
                    onChange: function (value) { program.midpoint_round = value; }
                }),
                ed.numberField({
                    path: 'at_risk_days', label: gettext('At-risk threshold in days'), value: program.at_risk_days,
                    min: 1, hint: gettext('Staff see a pair as at risk after this many days without a session.'),
                    onInput: function (value) { program.at_risk_days = value; }
                })
            ]);

        var completion = section('completion', gettext('Completion requirements'),
            gettext('A pair completes the program when all of these are met.'), [
                ed.checkboxField({
                    path: 'completion.agreement_signed', label: gettext('Agreement signed by both partners'),
                    value: c.agreement_signed,
                    onChange: function (value) { c.agreement_signed = value; }
                }),
                h('div', {className: 'ms-row'}, [
                    ed.numberField({
                        path: 'completion.min_goals', label: gettext('Minimum goals'), value: c.min_goals, min: 0,
                        onInput: function (value) { c.min_goals = value; }
                    }),
                    ed.numberField({
                        path: 'completion.min_sessions', label: gettext('Minimum confirmed sessions'),
                        value: c.min_sessions, min: 0,
                        onInput: function (value) { c.min_sessions = value; }
                    })
                ]),
                ed.checkboxField({
                    path: 'completion.required_agenda', label: gettext('All required agenda items covered'),
                    value: c.required_agenda,
                    onChange: function (value) { c.required_agenda = value; }
                }),
                ed.checkboxField({
                    path: 'completion.final_self_assessment', label: gettext('Final self-assessment submitted'),
                    value: c.final_self_assessment,
                    onChange: function (value) { c.final_self_assessment = value; }
                }),
                ed.checkboxField({
                    path: 'completion.final_mentor_assessment', label: gettext('Final mentor assessment submitted'),
                    value: c.final_mentor_assessment,
                    onChange: function (value) { c.final_mentor_assessment = value; }
                }),
                ed.checkboxField({
                    path: 'completion.planned_end_passed', label: gettext('The planned end date has passed'),
                    value: c.planned_end_passed,
                    hint: gettext('The planned end is the pair\'s start plus the program length. With this ticked, a pair completes no earlier than that day.'),
                    onChange: function (value) { c.planned_end_passed = value; }
                }),
                ed.numberField({
                    path: 'weight', label: gettext('Points in the course grade'), value: program.weight,
                    min: 0, max: 100, step: 0.1,
                    hint: gettext('A participation score: each learner earns this share of the points as their pair meets the requirements above. It counts only in a graded subsection.'),
                    onInput: function (value) { program.weight = value; }
                })
            ]);
        // Reminders (pairs/nudges.py): a number of days of 0 turns a reminder off.
        if (!program.nudges || typeof program.nudges !== 'object') {
            program.nudges = {};
        }
        var n = program.nudges;
        function nudgeDays(key, label) {
            return ed.numberField({
                path: 'nudges.' + key, label: label, value: n[key], min: 0,
                hint: gettext('0 turns this reminder off.'),
                onInput: function (value) { n[key] = value; }
            });
        }
        function nudgeSwitch(key, label) {
            return ed.checkboxField({
                path: 'nudges.' + key, label: label, value: n[key],
                onChange: function (value) { n[key] = value; }
            });
        }
        var reminders = section('reminders', gettext('Reminders'),
            gettext('Mentors and mentees get at most one email a day listing everything due, with a link to stop them; the same items show at the top of their workspace.'), [
                nudgeDays('first_session_days', gettext('Remind when no session is logged this many days after pairing')),
                nudgeSwitch('no_session', gettext('Remind when no session is confirmed for the at-risk threshold')),
                nudgeDays('unconfirmed_days', gettext('Remind the partner when a session waits this many days for confirmation')),
                nudgeSwitch('action_overdue', gettext('Remind owners of overdue action items')),
                nudgeDays('round_open_days', gettext('Remind when an assessment round has been open this many days')),
                nudgeDays('end_within_days', gettext('Remind when the planned end is this many days away')),
                nudgeDays('planned_unlogged_days', gettext('Remind when a planned session is not logged this many days after it')),
                nudgeSwitch('staff_digest', gettext('Send course staff a weekly digest'))
            ]);
        var remindersSlot = h('div', {className: 'ms-slot'});
        reminders.insertBefore(remindersSlot, reminders.querySelector('.ms-hint').nextSibling);
        ed.register('nudges', {group: reminders, anchor: remindersSlot, label: gettext('Reminders')});

        var completionSlot = h('div', {className: 'ms-slot'});
        completion.insertBefore(completionSlot, completion.querySelector('.ms-hint').nextSibling);
        ed.register('completion', {group: completion, anchor: completionSlot,
            label: gettext('Completion requirements')});

        var sections = [
            general,
            ed.listSection('learning_areas'),
            ed.listSection('agenda'),
            ed.listSection('rating_scale'),
            ed.listSection('progress_questions'),
            ed.listSection('checkin_questions'),
            schedule,
            pacing,
            pairing,
            assessments,
            completion,
            reminders
        ];
        ed.sectionsEl.appendChild(contents(sections));
        sections.forEach(function (el) {
            ed.sectionsEl.appendChild(el);
        });
        ed.refreshAreaChoices();
    }

    // The table of contents above the sections: one link per section heading. Following a link
    // moves the focus to the heading (so the next Tab reaches the section's first field)
    // without changing the address of the page around the editor (Studio, its modal).
    function contents(sections) {
        var titleId = ed.uid('contents-title');
        var listEl = h('ul', {className: 'ms-toc__list'});
        sections.forEach(function (fieldset) {
            var heading = fieldset.querySelector('.ms-section__heading');
            var link = h('a', {className: 'ms-toc__link', href: '#' + heading.id, text: heading.textContent});
            link.addEventListener('click', function (event) {
                event.preventDefault();
                jumpTo(heading);
            });
            listEl.appendChild(h('li', {className: 'ms-toc__item'}, [link]));
        });
        return h('nav', {className: 'ms-toc', 'aria-labelledby': titleId}, [
            h('h3', {className: 'ms-toc__title', id: titleId, text: gettext('Jump to a section')}),
            listEl
        ]);
    }

    function jumpTo(heading) {
        heading.focus({preventScroll: true});
        if (heading.scrollIntoView) {
            heading.scrollIntoView({block: 'start'});
        }
    }

    ed.render = render;
}
