/*
 * Studio editor: the learning area, rating scale and question lists.
 *
 * What each list says (full sentences, so translators see them whole), what a new item
 * holds, and the fields of its items. The agenda list lives in agenda.js.
 */

import {interpolate, h, itemFieldLabel} from './util.js';

/** Add the learning area, rating scale and question lists to ed.listConfig. */
export function addListItems(ed) {
    var gettext = ed.gettext;

    function renderAreaFields(item, index, path, itemEl) {
        var label = itemFieldLabel(gettext('Learning area %(n)s: %(field)s'), index + 1);
        return [
            ed.titleField('learning_areas', item, path, itemEl, label(gettext('Title'))),
            ed.textField({
                path: path + '.description', label: gettext('Description'), value: item.description,
                multiline: true, rows: 2, maxlength: ed.limits.text, errorLabel: label(gettext('Description')),
                onInput: function (value) { item.description = value; }
            }),
            ed.idField('learning_areas', item, path, label(gettext('ID')))
        ];
    }

    function renderRatingFields(point, index, path) {
        var label = itemFieldLabel(gettext('Rating point %(n)s: %(field)s'), index + 1);
        return [h('div', {className: 'ms-row'}, [
            ed.numberField({
                path: path + '.value', label: gettext('Value'), value: point.value,
                errorLabel: label(gettext('Value')),
                onInput: function (value) { point.value = value; }
            }),
            ed.textField({
                path: path + '.label', label: gettext('Label'), value: point.label, maxlength: ed.limits.title,
                className: 'ms-field--grow', errorLabel: label(gettext('Label')),
                onInput: function (value) { point.label = value; }
            })
        ])];
    }

    function renderQuestionFields(question, index, path, itemEl, listKey) {
        var config = ed.listConfig[listKey];
        var label = function (field) {
            return interpolate(gettext('%(item)s: %(field)s'), {item: interpolate(config.item, {n: index + 1}), field: field});
        };
        return [
            ed.textField({
                path: path + '.text', label: gettext('Question'), value: question.text, multiline: true,
                rows: 2, maxlength: ed.limits.title, errorLabel: label(gettext('Question')),
                onInput: function (value) {
                    question.text = value;
                    ed.followTitle(listKey, question, value, itemEl);
                }
            }),
            ed.idField(listKey, question, path, label(gettext('ID')))
        ];
    }

    Object.assign(ed.listConfig, {
        learning_areas: {
            limitKey: 'learning_areas', idPrefix: 'area', titleKey: 'title', reorder: true,
            legend: gettext('Learning areas'),
            hint: gettext('The skills or topics a pair works on. Mentees and mentors rate progress in each area.'),
            item: gettext('Learning area %(n)s'),
            add: gettext('Add learning area'),
            up: gettext('Move learning area %(n)s up'),
            down: gettext('Move learning area %(n)s down'),
            remove: gettext('Remove learning area %(n)s'),
            removed: gettext('Learning area %(n)s removed.'),
            moved: gettext('Learning area moved to position %(n)s.'),
            full: gettext('The program can have at most %(max)s learning areas.'),
            empty: gettext('No learning areas yet.'),
            blank: function () { return {id: '', title: '', description: ''}; },
            fields: renderAreaFields
        },
        rating_scale: {
            limitKey: 'rating_scale', reorder: false, compact: true,
            legend: gettext('Rating scale'),
            hint: gettext('The points mentees and mentors choose from when they rate a learning area, lowest first.'),
            item: gettext('Rating point %(n)s'),
            add: gettext('Add rating point'),
            remove: gettext('Remove rating point %(n)s'),
            removed: gettext('Rating point %(n)s removed.'),
            full: gettext('The scale can have at most %(max)s points.'),
            empty: gettext('No rating points yet.'),
            blank: function (list) {
                var top = list.reduce(function (max, point) {
                    var value = Number(point.value);
                    return isFinite(value) && value > max ? value : max;
                }, 0);
                return {value: top + 1, label: ''};
            },
            summary: function (point) {
                var label = String(point.label || '').trim();
                var value = point.value === null || point.value === undefined ? '' : String(point.value);
                return label && value ? interpolate(gettext('%(value)s: %(label)s'), {value: value, label: label}) :
                    label || value;
            },
            fields: renderRatingFields
        },
        progress_questions: {
            limitKey: 'questions', idPrefix: 'progress', titleKey: 'text', reorder: true,
            legend: gettext('Progress questions'),
            hint: gettext('Asked of the mentee and the mentor in every assessment round.'),
            item: gettext('Progress question %(n)s'),
            add: gettext('Add progress question'),
            up: gettext('Move progress question %(n)s up'),
            down: gettext('Move progress question %(n)s down'),
            remove: gettext('Remove progress question %(n)s'),
            removed: gettext('Progress question %(n)s removed.'),
            moved: gettext('Progress question moved to position %(n)s.'),
            full: gettext('You can ask at most %(max)s progress questions.'),
            empty: gettext('No progress questions yet.'),
            blank: function () { return {id: '', text: ''}; },
            fields: renderQuestionFields
        },
        checkin_questions: {
            limitKey: 'questions', idPrefix: 'checkin', titleKey: 'text', reorder: true,
            legend: gettext('Staff check-in questions'),
            hint: gettext('Questions course staff track across pairs, such as satisfaction or retention.'),
            item: gettext('Check-in question %(n)s'),
            add: gettext('Add check-in question'),
            up: gettext('Move check-in question %(n)s up'),
            down: gettext('Move check-in question %(n)s down'),
            remove: gettext('Remove check-in question %(n)s'),
            removed: gettext('Check-in question %(n)s removed.'),
            moved: gettext('Check-in question moved to position %(n)s.'),
            full: gettext('You can ask at most %(max)s check-in questions.'),
            empty: gettext('No check-in questions yet.'),
            blank: function () { return {id: '', text: ''}; },
            fields: renderQuestionFields
        }
    });
}
