/*
 * Forms of the learner view: read a form into the JSON a handler expects, and show the
 * server's per-field errors beside their fields (aria-invalid, aria-describedby) with a
 * summary in the form's live status line.
 *
 * Names map to JSON: "review.useful" -> {review: {useful}}, "action_items.0.text" -> a list
 * of objects (rows whose text is blank are left out), checkboxes marked data-multi -> a list.
 */
(function () {
    'use strict';

    var ML = window.MentoringLearner = window.MentoringLearner || {};

    function setPath(target, path, value) {
        var parts = path.split('.');
        var node = target;
        for (var i = 0; i < parts.length - 1; i++) {
            var key = parts[i];
            var nextIsIndex = /^\d+$/.test(parts[i + 1]);
            if (node[key] === undefined) {
                node[key] = nextIsIndex ? [] : {};
            }
            node = node[key];
        }
        node[parts[parts.length - 1]] = value;
    }

    function compactLists(value) {
        if (Array.isArray(value)) {
            return value.filter(function (item) {
                return item !== undefined && !(item && typeof item === 'object' && 'text' in item && !String(item.text).trim());
            }).map(compactLists);
        }
        if (value && typeof value === 'object') {
            Object.keys(value).forEach(function (key) { value[key] = compactLists(value[key]); });
        }
        return value;
    }

    /** The form's data; resolves asynchronously because file inputs are read as text. */
    ML.readForm = function (form, submitter) {
        var data = {};
        var reads = [];
        Array.prototype.forEach.call(form.elements, function (el) {
            if (!el.name || el.disabled || el.type === 'submit' || el.type === 'button') {
                return;
            }
            if (el.hasAttribute('data-multi')) {
                if (!Array.isArray(data[el.name])) {
                    data[el.name] = [];
                }
                if (el.checked) {
                    data[el.name].push(el.value);
                }
                return;
            }
            if ((el.type === 'radio' || el.type === 'checkbox') && !el.checked) {
                return;
            }
            if (el.type === 'file') {
                var file = el.files && el.files[0];
                data[el.name] = null;
                if (file && el.getAttribute('data-file') === 'base64') {
                    // The file's bytes as they are: the server tells UTF-8 from UTF-16 by them.
                    reads.push(readBytes(file).then(function (buffer) {
                        delete data[el.name];
                        data[el.name + '_base64'] = ML.base64(new Uint8Array(buffer));
                    }));
                } else if (file) {
                    reads.push(file.text().then(function (text) { data[el.name] = text; }));
                }
                return;
            }
            setPath(data, el.name, el.value);
        });
        if (submitter && submitter.name) {
            data[submitter.name] = submitter.value;
        }
        return Promise.all(reads).then(function () { return compactLists(data); });
    };

    /** A file's bytes (an ArrayBuffer), through FileReader, which older mobile browsers have too. */
    function readBytes(file) {
        return new Promise(function (resolve, reject) {
            var reader = new window.FileReader();
            reader.onload = function () { resolve(reader.result); };
            reader.onerror = function () { reject(reader.error); };
            reader.readAsArrayBuffer(file);
        });
    }

    /** Bytes as base64 text (in slices: a long argument list would overflow the stack). */
    ML.base64 = function (bytes) {
        var text = '';
        for (var i = 0; i < bytes.length; i += 0x8000) {
            text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
        }
        return window.btoa(text);
    };

    function fieldFor(form, path) {
        var parts = String(path).split('.');
        while (parts.length) {
            var name = parts.join('.');
            var found = form.querySelector('[name="' + name + '"]:not([type="hidden"])') ||
                form.querySelector('[data-field="' + name + '"]');
            if (found && found.type === 'radio' && found.closest('fieldset')) {
                // A radio group's error belongs to its fieldset (its legend names the choice).
                return found.closest('fieldset');
            }
            if (found) {
                return found;
            }
            parts.pop();
        }
        return null;
    }

    ML.clearErrors = function (form) {
        Array.prototype.forEach.call(form.querySelectorAll('.mentoring-field-error'), function (el) {
            el.parentNode.removeChild(el);
        });
        Array.prototype.forEach.call(form.querySelectorAll('[aria-invalid]'), function (el) {
            el.removeAttribute('aria-invalid');
            var described = (el.getAttribute('aria-describedby') || '').split(' ').filter(function (id) {
                return id && !/-error$/.test(id);
            });
            if (described.length) {
                el.setAttribute('aria-describedby', described.join(' '));
            } else {
                el.removeAttribute('aria-describedby');
            }
        });
        ML.status(form, '', false);
    };

    /** Mark each field named in ``fields``; returns the first control to focus (or null). */
    ML.showErrors = function (form, fields) {
        var first = null;
        var unplaced = [];
        Object.keys(fields || {}).forEach(function (path, index) {
            var field = fieldFor(form, path);
            if (!field) {
                unplaced.push(fields[path]);
                return;
            }
            var control = field.matches('fieldset') ? field.querySelector('input, select, textarea') : field;
            var id = (field.id || form.getAttribute('data-action') + '-' + index) + '-error';
            var message = document.createElement('p');
            message.className = 'mentoring-field-error';
            message.id = id;
            message.textContent = fields[path];
            if (field.matches('fieldset')) {
                field.appendChild(message);
            } else {
                field.insertAdjacentElement('afterend', message);
            }
            var targets = field.matches('fieldset') ? field.querySelectorAll('input, select, textarea') : [field];
            Array.prototype.forEach.call(targets, function (el) {
                el.setAttribute('aria-invalid', 'true');
                var described = el.getAttribute('aria-describedby');
                el.setAttribute('aria-describedby', described ? described + ' ' + id : id);
            });
            if (!first) {
                first = control;
            }
        });
        return {first: first, unplaced: unplaced};
    };

    /** The form's status line (announced): a message, as an error or not. */
    ML.status = function (form, text, isError) {
        var line = form.querySelector('.mentoring-form-status');
        if (!line) {
            return;
        }
        line.textContent = text;
        line.classList.toggle('is-error', Boolean(isError && text));
        if (isError && text) {
            line.setAttribute('role', 'alert');
        } else {
            line.removeAttribute('role');
        }
    };

    // Which sections of a pair's page a reader closed or opened, kept in the browser per pair
    // and section (localStorage; a browser that refuses storage keeps the page's defaults).
    ML.folds = {
        key: function (pairId, section) {
            return 'mentoring-fold:' + pairId + ':' + section;
        },
        /** true (opened), false (closed) or null (never chosen, or no storage). */
        read: function (storage, pairId, section) {
            var value = null;
            try {
                value = storage ? storage.getItem(ML.folds.key(pairId, section)) : null;
            } catch (err) {
                value = null;
            }
            if (value === 'open' || value === 'closed') {
                return value === 'open';
            }
            return null;
        },
        write: function (storage, pairId, section, open) {
            try {
                if (storage) {
                    storage.setItem(ML.folds.key(pairId, section), open ? 'open' : 'closed');
                }
            } catch (err) {
                // storage full or refused: the choice lasts until the page is reloaded
            }
        }
    };
}());
