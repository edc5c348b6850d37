/*
 * Studio editor: labelled form fields.
 *
 * Each builder returns the field's wrapper, registers it for the error path it answers for
 * and clears that field's error mark as soon as the author edits it.
 */

import {h, toNumber, numberText, describe} from './util.js';

function fieldHint(id, text) {
    return text ? h('p', {className: 'ms-hint', id: id + '-hint', text: text}) : null;
}

/** Give the editor ed textField, numberField, checkboxField and choiceGroup. */
export function addFields(ed) {
    // A labelled text input or textarea. opts: path, label, value, onInput, multiline,
    // rows, maxlength, hint, errorLabel, className, inputMode.
    function textField(opts) {
        var id = ed.uid(opts.path);
        var control = opts.multiline ?
            h('textarea', {id: id, rows: opts.rows || 3, maxlength: opts.maxlength}) :
            h('input', {id: id, type: 'text', maxlength: opts.maxlength, inputmode: opts.inputMode,
                spellcheck: opts.spellcheck, autocomplete: 'off'});
        control.className = 'ms-input';
        control.value = opts.value === null || opts.value === undefined ? '' : String(opts.value);
        var hint = fieldHint(id, opts.hint);
        describe(control, [hint && hint.id]);
        control.addEventListener('input', function () {
            ed.clearErrorsOf(control);
            opts.onInput(control.value, control);
        });
        var wrapper = h('div', {className: 'ms-field ' + (opts.className || '')}, [
            h('label', {className: 'ms-label', for: id, text: opts.label}), hint, control
        ]);
        ed.register(opts.path, {control: control, anchor: wrapper, label: opts.errorLabel || opts.label});
        return wrapper;
    }

    function numberField(opts) {
        var id = ed.uid(opts.path);
        var control = h('input', {id: id, type: 'number', inputmode: opts.step ? 'decimal' : 'numeric', step: opts.step || 1,
            min: opts.min, max: opts.max, className: 'ms-input ms-input--number'});
        control.value = numberText(opts.value);
        var hint = fieldHint(id, opts.hint);
        describe(control, [hint && hint.id]);
        control.addEventListener('input', function () {
            ed.clearErrorsOf(control);
            opts.onInput(toNumber(control.value));
        });
        var wrapper = h('div', {className: 'ms-field ms-field--number ' + (opts.className || '')}, [
            h('label', {className: 'ms-label', for: id, text: opts.label}), hint, control
        ]);
        ed.register(opts.path, {control: control, anchor: wrapper, label: opts.errorLabel || opts.label});
        return wrapper;
    }

    function checkboxField(opts) {
        var id = ed.uid(opts.path);
        var control = h('input', {id: id, type: 'checkbox', className: 'ms-check__input', checked: !!opts.value});
        var hint = fieldHint(id, opts.hint);
        describe(control, [hint && hint.id]);
        control.addEventListener('change', function () {
            ed.clearErrorsOf(control);
            opts.onChange(control.checked);
        });
        var wrapper = h('div', {className: 'ms-field ms-check ' + (opts.className || '')}, [
            control, h('label', {className: 'ms-check__label', for: id, text: opts.label}), hint
        ]);
        ed.register(opts.path, {control: control, anchor: wrapper, label: opts.errorLabel || opts.label});
        return wrapper;
    }

    // A fieldset of checkboxes (multiple) or radio buttons (single choice).
    function choiceGroup(opts) {
        var groupId = ed.uid(opts.path);
        var fieldset = h('fieldset', {className: 'ms-group ' + (opts.className || ''), id: groupId});
        fieldset.appendChild(h('legend', {className: 'ms-group__legend', text: opts.legend}));
        var hint = fieldHint(groupId, opts.hint);
        if (hint) {
            fieldset.appendChild(hint);
            describe(fieldset, [hint.id]);
        }
        var options = h('div', {className: 'ms-group__options'});
        var radioName = ed.uid(opts.path + '-choice');
        opts.options.forEach(function (option, index) {
            var id = ed.uid(opts.path + '-' + index);
            var input = h('input', {
                id: id, type: opts.single ? 'radio' : 'checkbox', className: 'ms-check__input',
                name: opts.single ? radioName : null, value: option.value,
                checked: opts.isChecked(option.value)
            });
            input.addEventListener('change', function () {
                ed.clearErrorsOf(fieldset);
                opts.onChange(option.value, input.checked);
            });
            options.appendChild(h('div', {className: 'ms-check'}, [
                input, h('label', {className: 'ms-check__label', for: id, text: option.label})
            ]));
        });
        if (!opts.options.length && opts.emptyText) {
            options.appendChild(h('p', {className: 'ms-hint', text: opts.emptyText}));
        }
        fieldset.appendChild(options);
        ed.register(opts.path, {group: fieldset, anchor: fieldset, label: opts.errorLabel || opts.legend});
        return fieldset;
    }

    Object.assign(ed, {
        textField: textField,
        numberField: numberField,
        checkboxField: checkboxField,
        choiceGroup: choiceGroup
    });
}
