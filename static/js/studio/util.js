/*
 * Studio editor: helpers that hold no editor state.
 *
 * The editor's files are ES modules that main.js ties together; `make studio-js` bundles them
 * into static/js/studio.bundle.js, the one script the Studio view loads. Plain ES2017, no
 * framework and no jQuery: the editor runs in the xblock-sdk workbench, in legacy Studio and
 * inside the authoring app's iframe modal. Author text only ever reaches the page through
 * textContent and value, never innerHTML.
 */
// Looked up when an editor starts, not when this file loads: a translation catalog the
// page adds after the block's own scripts still applies.
export function translator() {
    var gettext = (window.MentoringXBlockI18N && window.MentoringXBlockI18N.gettext) || function (s) { return s; };
    return gettext;
}

// Replace %(name)s placeholders; values are inserted as plain text by the caller.
export function interpolate(template, params) {
    return String(template).replace(/%\((\w+)\)s/g, function (match, key) {
        return Object.prototype.hasOwnProperty.call(params || {}, key) ? String(params[key]) : match;
    });
}

// Build an element. Text goes through textContent/value, never through HTML parsing.
export function h(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
        var value = attrs[key];
        if (value === null || value === undefined || value === false) {
            return;
        }
        if (key === 'text') {
            el.textContent = value;
        } else if (key === 'className') {
            el.className = value;
        } else if (key === 'value' || key === 'checked' || key === 'disabled') {
            el[key] = value;
        } else if (key.slice(0, 2) === 'on' && typeof value === 'function') {
            el.addEventListener(key.slice(2), value);
        } else {
            el.setAttribute(key, value === true ? '' : String(value));
        }
    });
    (children || []).forEach(function (child) {
        if (child) {
            el.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
        }
    });
    return el;
}

// From "Learning area %(n)s: %(field)s" and n, a function naming one field of item n.
export function itemFieldLabel(template, n) {
    return function (field) {
        return interpolate(template, {n: n, field: field});
    };
}

// The id a title makes, or '' when it makes none: the server's rule (program/config.py slugify),
// which it sends as `rule` ({pattern: RegExp, slugMax}). Accents are dropped, the text goes to
// lowercase, every run of other characters than a-z and 0-9 becomes one '-', the ends lose their
// hyphens; a longer slug is cut to slugMax characters, at its last hyphen when that leaves more
// than 16. "Giving feedback" -> "giving-feedback".
export function slugify(text, rule) {
    var slug = String(text || '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
        .toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    if (slug.length > rule.slugMax) {
        slug = slug.slice(0, rule.slugMax);
        var cut = slug.lastIndexOf('-');
        slug = (cut > 16 ? slug.slice(0, cut) : slug).replace(/-+$/g, '');
    }
    return rule.pattern.test(slug) ? slug : '';
}

// The id of `self` among `items`: `base` (`fallbackPrefix` when base is ''), followed by -2, -3,
// ... while another item holds it: the server's rule (program/config.py slugify_id).
export function uniqueId(base, fallbackPrefix, items, self) {
    var taken = {};
    items.forEach(function (item) {
        if (item !== self) {
            taken[item.id] = true;
        }
    });
    var first = base || fallbackPrefix;
    var candidate = first;
    var n = 2;
    while (taken[candidate]) {
        candidate = first + '-' + n;
        n += 1;
    }
    return candidate;
}

// The id rule the server sends with the editor's data (ui/views.py studio_fragment).
export function idRule(ids) {
    return {pattern: new RegExp(ids.pattern), max: ids.max, slugMax: ids.slug_max};
}

export function toNumber(raw) {
    var text = String(raw).trim();
    if (text === '') {
        return null;
    }
    var number = Number(text);
    return isFinite(number) ? number : text;
}

export function numberText(value) {
    return value === null || value === undefined ? '' : String(value);
}

export function splitLines(text) {
    return String(text || '').split(/\r?\n/).map(function (line) {
        return line.trim();
    }).filter(function (line) {
        return line !== '';
    });
}

export function clone(value) {
    return JSON.parse(JSON.stringify(value));
}

// Empty the element; only nodes are removed, nothing is parsed.
export function empty(el) {
    while (el.firstChild) {
        el.removeChild(el.firstChild);
    }
}

// A section's legend: its name as a heading (level 3, under the editor's h2) that the table of
// contents moves the focus to. The fieldset keeps the legend's text as its name.
export function sectionLegend(headingId, text) {
    return h('legend', {className: 'ms-section__legend'}, [
        h('h3', {className: 'ms-section__heading', id: headingId, tabindex: '-1', text: text})
    ]);
}

export function describe(el, ids) {
    var list = ids.filter(Boolean);
    if (list.length) {
        el.setAttribute('aria-describedby', list.join(' '));
    }
}

function isFormControl(el) {
    return /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(el.tagName);
}

export function firstControl(container) {
    return container && container.querySelector('input:not([disabled]), textarea:not([disabled]), ' +
        'select:not([disabled]), button:not([disabled])');
}

export function focusField(el) {
    if (!isFormControl(el) && !el.hasAttribute('tabindex')) {
        el.setAttribute('tabindex', '-1');
    }
    el.focus();
    if (el.scrollIntoView) {
        el.scrollIntoView({block: 'center'});
    }
}
