/*
 * Studio editor: the list sections (learning areas, agenda, rating scale, questions).
 *
 * One fieldset per list with an item per entry and Add, Up, Down and Remove buttons. An item
 * is closed until its toggle opens it: closed, it is one line (what it holds) and one tab stop,
 * so a keyboard passes a long list quickly. After every change the list is drawn again and the
 * focus goes where the author expects it: the new item's first field, the moved item's button,
 * or the next item. What each list says and which fields its items have comes from
 * ed.listConfig (list-items.js, agenda.js).
 */

import {interpolate, h, slugify, uniqueId, empty, sectionLegend} from './util.js';

function toolButton(action, visibleText, ariaLabel, disabled) {
    return h('button', {
        type: 'button', className: 'ms-button ms-button--small' + (action === 'remove' ? ' ms-button--danger' : ''),
        'data-action': action, 'aria-label': ariaLabel, disabled: disabled
    }, [
        action === 'remove' ? null : h('span', {'aria-hidden': 'true', className: 'ms-icon',
            text: action === 'up' ? '\u25B2' : '\u25BC'}),
        visibleText
    ]);
}

/** Give the editor ed listSection, idField, titleField and followTitle. */
export function addLists(ed) {
    var gettext = ed.gettext;

    function listSection(key) {
        var config = ed.listConfig[key];
        var id = ed.uid('section-' + key);
        var hint = h('p', {className: 'ms-hint', id: id + '-hint', text: config.hint});
        var errorSlot = h('div', {className: 'ms-slot'});
        var listEl = h('ol', {className: 'ms-list' + (config.compact ? ' ms-list--compact' : '')});
        var note = h('p', {className: 'ms-limit', id: id + '-limit'});
        var addButton = h('button', {type: 'button', className: 'ms-button ms-button--add',
            'aria-describedby': note.id, text: config.add});
        addButton.addEventListener('click', function () {
            addItem(key);
        });
        var fieldset = h('fieldset', {className: 'ms-section ms-section--list', id: id,
            'aria-describedby': hint.id}, [
            sectionLegend(id + '-heading', config.legend),
            hint, errorSlot, listEl,
            h('div', {className: 'ms-list__footer'}, [addButton, note])
        ]);
        ed.lists[key] = {listEl: listEl, addButton: addButton, note: note, config: config, fieldset: fieldset};
        ed.register(key, {group: fieldset, anchor: errorSlot, label: config.legend});
        renderItems(key);
        return fieldset;
    }

    function renderItems(key) {
        var list = ed.lists[key];
        var config = list.config;
        var items = ed.program[key];
        ed.forgetBelow(key);
        empty(list.listEl);
        items.forEach(function (item, index) {
            var n = index + 1;
            var path = key + '.' + index;
            var legendText = interpolate(config.item, {n: n});
            var bodyId = ed.uid(path + '-fields');
            var summary = h('p', {className: 'ms-item__summary', id: bodyId + '-summary'});
            var toggle = h('button', {type: 'button', className: 'ms-item__toggle', 'aria-controls': bodyId,
                'aria-describedby': summary.id}, [
                h('span', {className: 'ms-item__chevron', 'aria-hidden': 'true'}),
                legendText
            ]);
            var body = h('div', {className: 'ms-item__body', id: bodyId});
            var box = h('fieldset', {className: 'ms-item__box'}, [
                h('legend', {className: 'ms-item__legend'}, [toggle]),
                summary,
                body
            ]);
            var itemEl = h('li', {className: 'ms-item', 'data-index': index}, [box]);
            var errorSlot = h('div', {className: 'ms-slot'});
            body.appendChild(errorSlot);
            config.fields(item, index, path, itemEl, key).forEach(function (child) {
                body.appendChild(child);
            });
            var tools = h('div', {className: 'ms-item__tools'});
            if (config.reorder) {
                tools.appendChild(toolButton('up', gettext('Up'), interpolate(config.up, {n: n}), index === 0));
                tools.appendChild(toolButton('down', gettext('Down'), interpolate(config.down, {n: n}),
                    index === items.length - 1));
            }
            tools.appendChild(toolButton('remove', gettext('Remove'), interpolate(config.remove, {n: n}), false));
            tools.addEventListener('click', function (event) {
                var button = event.target.closest('button[data-action]');
                if (!button || button.disabled) {
                    return;
                }
                var action = button.getAttribute('data-action');
                if (action === 'remove') {
                    removeItem(key, index);
                } else {
                    moveItem(key, index, action === 'up' ? -1 : 1, action);
                }
            });
            body.appendChild(tools);
            // Closed, an item is one line and one tab stop: its toggle, and what it holds in words.
            function showSummary() {
                summary.textContent = itemSummary(config, item);
            }
            toggle.addEventListener('click', function () {
                setOpen(itemEl, item, !ed.openItems.has(item));
            });
            box.addEventListener('input', showSummary);
            box.addEventListener('change', showSummary);
            showSummary();
            setOpen(itemEl, item, ed.openItems.has(item));
            ed.register(path, {group: box, anchor: errorSlot, label: legendText});
            list.listEl.appendChild(itemEl);
        });
        if (!items.length) {
            list.listEl.appendChild(h('li', {className: 'ms-list__empty', text: config.empty}));
        }
        var max = ed.limits[config.limitKey];
        var full = items.length >= max;
        list.addButton.disabled = full;
        list.note.textContent = full ? interpolate(config.full, {max: max}) : '';
    }

    function itemSummary(config, item) {
        var text = config.summary ? config.summary(item) : String(item[config.titleKey] || '').trim();
        return text || gettext('Untitled');
    }

    // Open or close an item's fields. Items stay open through moves and redraws (ed.openItems).
    function setOpen(itemEl, item, open) {
        if (open) {
            ed.openItems.add(item);
        } else {
            ed.openItems.delete(item);
        }
        itemEl.classList.toggle('ms-item--open', open);
        itemEl.querySelector('.ms-item__toggle').setAttribute('aria-expanded', open ? 'true' : 'false');
        itemEl.querySelector('.ms-item__body').hidden = !open;
        itemEl.querySelector('.ms-item__summary').hidden = open;
    }

    // Open the closed item that holds el (a field, an error message), so that el can be seen.
    function reveal(el) {
        var itemEl = el && el.closest ? el.closest('li.ms-item') : null;
        var key = itemEl && Object.keys(ed.lists).filter(function (k) {
            return ed.lists[k].listEl === itemEl.parentNode;
        })[0];
        var item = key && ed.program[key][Number(itemEl.getAttribute('data-index'))];
        if (item && !ed.openItems.has(item)) {
            setOpen(itemEl, item, true);
        }
    }

    function itemButton(key, index, action) {
        return ed.lists[key].listEl.querySelector('li[data-index="' + index + '"] button[data-action="' + action + '"]');
    }

    function addItem(key) {
        var config = ed.listConfig[key];
        var items = ed.program[key];
        if (items.length >= ed.limits[config.limitKey]) {
            return;
        }
        var item = config.blank(items);
        if (config.idPrefix) {
            item.id = uniqueId('', config.idPrefix, items.concat([item]), item);
            ed.autoIds.add(item);
        }
        if (key === 'agenda') {
            ed.areaRefs.set(item, []);
        }
        ed.openItems.add(item);
        items.push(item);
        renderItems(key);
        if (key === 'learning_areas') {
            ed.refreshAreaChoices();
        }
        var added = ed.lists[key].listEl.querySelector('li[data-index="' + (items.length - 1) + '"]');
        var input = added && added.querySelector('input, textarea');
        if (input) {
            input.focus();
        }
    }

    function removeItem(key, index) {
        var config = ed.listConfig[key];
        var items = ed.program[key];
        var removed = items.splice(index, 1)[0];
        if (key === 'learning_areas') {
            ed.program.agenda.forEach(function (agendaItem) {
                ed.areaRefs.set(agendaItem, (ed.areaRefs.get(agendaItem) || []).filter(function (ref) {
                    return ref !== removed;
                }));
            });
        }
        renderItems(key);
        if (key === 'learning_areas') {
            ed.refreshAreaChoices();
        }
        // The item now in its place (or the last): its Remove button when open, else its toggle.
        var position = Math.min(index, items.length - 1);
        var next = position >= 0 && (ed.openItems.has(items[position]) ?
            itemButton(key, position, 'remove') :
            ed.lists[key].listEl.querySelector('li[data-index="' + position + '"] .ms-item__toggle'));
        (next || ed.lists[key].addButton).focus();
        ed.announce(interpolate(config.removed, {n: index + 1}));
    }

    function moveItem(key, index, delta, action) {
        var items = ed.program[key];
        var target = index + delta;
        if (target < 0 || target >= items.length) {
            return;
        }
        var moved = items.splice(index, 1)[0];
        items.splice(target, 0, moved);
        renderItems(key);
        if (key === 'learning_areas') {
            ed.refreshAreaChoices();
        }
        var button = itemButton(key, target, action);
        if (!button || button.disabled) {
            button = itemButton(key, target, action === 'up' ? 'down' : 'up');
        }
        if (button && !button.disabled) {
            button.focus();
        }
        ed.announce(interpolate(ed.listConfig[key].moved, {n: target + 1}));
    }

    /* ----- ids that follow the title until the author takes them over ----- */

    function idField(listKey, item, path, errorLabel) {
        return ed.textField({
            path: path + '.id', label: gettext('ID'), value: item.id, maxlength: ed.idRule.max,
            className: 'ms-field--id', spellcheck: 'false', errorLabel: errorLabel,
            hint: gettext('Used in reports and exports. Lowercase letters, digits, - and _.'),
            onInput: function (value) {
                ed.autoIds.delete(item);
                item.id = value;
                if (listKey === 'learning_areas') {
                    ed.refreshAreaChoices();
                }
            }
        });
    }

    // The title of a learning area or agenda item; its id follows it.
    function titleField(listKey, item, path, itemEl, errorLabel) {
        return ed.textField({
            path: path + '.title', label: gettext('Title'), value: item.title, maxlength: ed.limits.title,
            errorLabel: errorLabel,
            onInput: function (value) {
                item.title = value;
                followTitle(listKey, item, value, itemEl);
                if (listKey === 'learning_areas') {
                    ed.refreshAreaChoices();
                }
            }
        });
    }

    function followTitle(listKey, item, title, itemEl) {
        if (!ed.autoIds.has(item)) {
            return;
        }
        var config = ed.listConfig[listKey];
        item.id = uniqueId(slugify(title, ed.idRule), config.idPrefix, ed.program[listKey], item);
        var idInput = itemEl.querySelector('.ms-field--id input');
        if (idInput) {
            idInput.value = item.id;
        }
    }

    Object.assign(ed, {
        listSection: listSection,
        reveal: reveal,
        idField: idField,
        titleField: titleField,
        followTitle: followTitle
    });
}
