/* The Studio editor, built from static/js/studio/ by `make studio-js`: edit those files, not this one. */
'use strict';
(() => {
  // static/js/http.js
  (function() {
    "use strict";
    function readCookie(name) {
      var found = null;
      (document.cookie || "").split(";").forEach(function(part) {
        var pair = part.trim();
        if (pair.slice(0, name.length + 1) === name + "=") {
          found = decodeURIComponent(pair.slice(name.length + 1));
        }
      });
      return found;
    }
    function postJson(url, data) {
      var headers = { "Content-Type": "application/json", "Accept": "application/json" };
      var token = readCookie("csrftoken");
      if (token) {
        headers["X-CSRFToken"] = token;
      }
      return fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers,
        body: JSON.stringify(data || {})
      }).then(function(response) {
        return response.text().then(function(text) {
          var body = null;
          try {
            body = text ? JSON.parse(text) : null;
          } catch (err) {
            body = null;
          }
          return { status: response.status, body };
        });
      }, function() {
        return { status: 0, body: null };
      });
    }
    window.MentoringHttp = { readCookie, postJson };
  })();

  // static/js/studio/util.js
  function translator() {
    var gettext = window.MentoringXBlockI18N && window.MentoringXBlockI18N.gettext || function(s) {
      return s;
    };
    return gettext;
  }
  function interpolate(template, params) {
    return String(template).replace(/%\((\w+)\)s/g, function(match, key) {
      return Object.prototype.hasOwnProperty.call(params || {}, key) ? String(params[key]) : match;
    });
  }
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function(key) {
      var value = attrs[key];
      if (value === null || value === void 0 || value === false) {
        return;
      }
      if (key === "text") {
        el.textContent = value;
      } else if (key === "className") {
        el.className = value;
      } else if (key === "value" || key === "checked" || key === "disabled") {
        el[key] = value;
      } else if (key.slice(0, 2) === "on" && typeof value === "function") {
        el.addEventListener(key.slice(2), value);
      } else {
        el.setAttribute(key, value === true ? "" : String(value));
      }
    });
    (children || []).forEach(function(child) {
      if (child) {
        el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
      }
    });
    return el;
  }
  function itemFieldLabel(template, n) {
    return function(field) {
      return interpolate(template, { n, field });
    };
  }
  function slugify(text, rule) {
    var slug = String(text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    if (slug.length > rule.slugMax) {
      slug = slug.slice(0, rule.slugMax);
      var cut = slug.lastIndexOf("-");
      slug = (cut > 16 ? slug.slice(0, cut) : slug).replace(/-+$/g, "");
    }
    return rule.pattern.test(slug) ? slug : "";
  }
  function uniqueId(base, fallbackPrefix, items, self) {
    var taken = {};
    items.forEach(function(item) {
      if (item !== self) {
        taken[item.id] = true;
      }
    });
    var first = base || fallbackPrefix;
    var candidate = first;
    var n = 2;
    while (taken[candidate]) {
      candidate = first + "-" + n;
      n += 1;
    }
    return candidate;
  }
  function idRule(ids) {
    return { pattern: new RegExp(ids.pattern), max: ids.max, slugMax: ids.slug_max };
  }
  function toNumber(raw) {
    var text = String(raw).trim();
    if (text === "") {
      return null;
    }
    var number = Number(text);
    return isFinite(number) ? number : text;
  }
  function numberText(value) {
    return value === null || value === void 0 ? "" : String(value);
  }
  function splitLines(text) {
    return String(text || "").split(/\r?\n/).map(function(line) {
      return line.trim();
    }).filter(function(line) {
      return line !== "";
    });
  }
  function clone(value) {
    return JSON.parse(JSON.stringify(value));
  }
  function empty(el) {
    while (el.firstChild) {
      el.removeChild(el.firstChild);
    }
  }
  function sectionLegend(headingId, text) {
    return h("legend", { className: "ms-section__legend" }, [
      h("h3", { className: "ms-section__heading", id: headingId, tabindex: "-1", text })
    ]);
  }
  function describe(el, ids) {
    var list = ids.filter(Boolean);
    if (list.length) {
      el.setAttribute("aria-describedby", list.join(" "));
    }
  }
  function isFormControl(el) {
    return /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(el.tagName);
  }
  function firstControl(container) {
    return container && container.querySelector("input:not([disabled]), textarea:not([disabled]), select:not([disabled]), button:not([disabled])");
  }
  function focusField(el) {
    if (!isFormControl(el) && !el.hasAttribute("tabindex")) {
      el.setAttribute("tabindex", "-1");
    }
    el.focus();
    if (el.scrollIntoView) {
      el.scrollIntoView({ block: "center" });
    }
  }

  // static/js/studio/agenda.js
  function addAgenda(ed) {
    var gettext = ed.gettext;
    function renderAgendaFields(item, index, path, itemEl) {
      var label = itemFieldLabel(gettext("Agenda item %(n)s: %(field)s"), index + 1);
      var areasHolder = h("div", { className: "ms-agenda-areas" });
      areasHolder.msRender = function() {
        ed.forgetBelow(path + ".areas");
        ed.registry.delete(path + ".areas");
        empty(areasHolder);
        areasHolder.appendChild(renderAgendaAreas(item, path, label(gettext("Learning areas"))));
      };
      areasHolder.msRender();
      var row = h("div", { className: "ms-row" }, [
        ed.numberField({
          path: path + ".week",
          label: gettext("Suggested week"),
          value: item.week,
          min: 1,
          errorLabel: label(gettext("Suggested week")),
          onInput: function(value) {
            item.week = value;
          }
        }),
        ed.checkboxField({
          path: path + ".required",
          label: gettext("Required for completion"),
          value: item.required,
          className: "ms-field--inline",
          errorLabel: label(gettext("Required")),
          onChange: function(value) {
            item.required = value;
          }
        })
      ]);
      return [
        ed.titleField("agenda", item, path, itemEl, label(gettext("Title"))),
        row,
        ed.textField({
          path: path + ".prompts",
          label: gettext("Discussion prompts"),
          value: ed.promptText.has(item) ? ed.promptText.get(item) : (item.prompts || []).join("\n"),
          multiline: true,
          rows: 3,
          errorLabel: label(gettext("Discussion prompts")),
          hint: interpolate(gettext("One prompt per line, at most %(max)s."), { max: ed.limits.prompts }),
          onInput: function(value) {
            ed.promptText.set(item, value);
          }
        }),
        areasHolder,
        renderLinks(item, path, label),
        ed.idField("agenda", item, path, label(gettext("ID")))
      ];
    }
    function renderAgendaAreas(item, path, errorLabel) {
      var refs = ed.areaRefs.get(item) || [];
      var options = ed.program.learning_areas.map(function(area, index) {
        return { value: area, label: area.title || area.id || interpolate(gettext("Learning area %(n)s"), { n: index + 1 }) };
      });
      refs.forEach(function(ref) {
        if (typeof ref === "string") {
          options.push({ value: ref, label: interpolate(gettext('Unknown learning area "%(id)s"'), { id: ref }) });
        }
      });
      return ed.choiceGroup({
        path: path + ".areas",
        legend: gettext("Linked learning areas"),
        options,
        className: "ms-group--areas",
        errorLabel,
        emptyText: gettext("Add learning areas above to link them to this item."),
        isChecked: function(value) {
          return refs.indexOf(value) !== -1;
        },
        onChange: function(value, checked) {
          var current = ed.areaRefs.get(item) || [];
          current = current.filter(function(ref) {
            return ref !== value;
          });
          if (checked) {
            current.push(value);
          }
          ed.areaRefs.set(item, current);
        }
      });
    }
    function refreshAreaChoices() {
      var list = ed.lists.agenda;
      if (!list) {
        return;
      }
      Array.prototype.forEach.call(list.listEl.querySelectorAll(".ms-agenda-areas"), function(holder) {
        holder.msRender();
      });
    }
    function renderLinks(item, path, itemLabel) {
      var limits = ed.limits;
      var linksPath = path + ".links";
      var fieldset = h("fieldset", { className: "ms-group ms-links", id: ed.uid(linksPath) });
      fieldset.appendChild(h("legend", { className: "ms-group__legend", text: gettext("Links to course content") }));
      var errorSlot = h("div", { className: "ms-slot" });
      var rows = h("ul", { className: "ms-links__list" });
      var note = h("p", { className: "ms-limit", id: ed.uid(linksPath + "-limit") });
      var addButton = h("button", {
        type: "button",
        className: "ms-button ms-button--small ms-button--add",
        "aria-describedby": note.id,
        text: gettext("Add link")
      });
      fieldset.appendChild(errorSlot);
      fieldset.appendChild(rows);
      fieldset.appendChild(h("div", { className: "ms-list__footer" }, [addButton, note]));
      ed.register(linksPath, { group: fieldset, anchor: errorSlot, label: itemLabel(gettext("Links")) });
      function draw(focus) {
        ed.forgetBelow(linksPath);
        empty(rows);
        item.links = item.links || [];
        item.links.forEach(function(link, index) {
          var n = index + 1;
          var rowPath = linksPath + "." + index;
          var remove = h("button", {
            type: "button",
            className: "ms-button ms-button--small ms-button--danger",
            "data-action": "remove",
            "aria-label": interpolate(gettext("Remove link %(n)s"), { n }),
            text: gettext("Remove")
          });
          remove.addEventListener("click", function() {
            item.links.splice(index, 1);
            draw({ index: Math.min(index, item.links.length - 1), action: "remove" });
            ed.announce(interpolate(gettext("Link %(n)s removed."), { n }));
          });
          var rowEl = h("li", { className: "ms-links__row", "data-index": index }, [
            ed.textField({
              path: rowPath + ".label",
              value: link.label,
              maxlength: limits.title,
              label: interpolate(gettext("Link %(n)s label"), { n }),
              errorLabel: itemLabel(interpolate(gettext("Link %(n)s label"), { n })),
              onInput: function(value) {
                link.label = value;
              }
            }),
            ed.textField({
              path: rowPath + ".url",
              value: link.url,
              inputMode: "url",
              spellcheck: "false",
              maxlength: limits.url,
              label: interpolate(gettext("Link %(n)s URL"), { n }),
              errorLabel: itemLabel(interpolate(gettext("Link %(n)s URL"), { n })),
              onInput: function(value) {
                link.url = value;
              }
            }),
            h("div", { className: "ms-links__tools" }, [remove])
          ]);
          ed.register(rowPath, { group: rowEl, anchor: rowEl, label: itemLabel(interpolate(gettext("Link %(n)s"), { n })) });
          rows.appendChild(rowEl);
        });
        var full = item.links.length >= limits.links;
        addButton.disabled = full;
        note.textContent = full ? interpolate(gettext("At most %(max)s links per agenda item."), { max: limits.links }) : "";
        if (focus) {
          var target = focus.action === "add" ? rows.querySelector('li[data-index="' + focus.index + '"] input') : rows.querySelector('li[data-index="' + focus.index + '"] [data-action="remove"]');
          (target || (addButton.disabled ? firstControl(fieldset) : addButton)).focus();
        }
      }
      addButton.addEventListener("click", function() {
        if (item.links.length >= limits.links) {
          return;
        }
        item.links.push({ label: "", url: "" });
        draw({ index: item.links.length - 1, action: "add" });
      });
      draw();
      return fieldset;
    }
    ed.listConfig.agenda = {
      limitKey: "agenda",
      idPrefix: "item",
      titleKey: "title",
      reorder: true,
      legend: gettext("Learning agenda"),
      hint: gettext("Topics for the pair's meetings, in the order you suggest them."),
      item: gettext("Agenda item %(n)s"),
      add: gettext("Add agenda item"),
      up: gettext("Move agenda item %(n)s up"),
      down: gettext("Move agenda item %(n)s down"),
      remove: gettext("Remove agenda item %(n)s"),
      removed: gettext("Agenda item %(n)s removed."),
      moved: gettext("Agenda item moved to position %(n)s."),
      full: gettext("The agenda can have at most %(max)s items."),
      empty: gettext("No agenda items yet."),
      blank: function(list) {
        var last = list.length ? Number(list[list.length - 1].week) : 0;
        var week = isFinite(last) && last >= 0 ? last + 1 : 1;
        var end = Number(ed.program.duration_weeks);
        return {
          id: "",
          title: "",
          prompts: [],
          week: end >= 1 && week > end ? end : week,
          required: false,
          areas: [],
          links: []
        };
      },
      fields: renderAgendaFields
    };
    ed.refreshAreaChoices = refreshAreaChoices;
  }

  // static/js/studio/errors.js
  function addErrors(ed) {
    var gettext = ed.gettext;
    function register(path, entry) {
      ed.registry.set(path, entry);
    }
    function forgetBelow(prefix) {
      Array.from(ed.registry.keys()).forEach(function(key) {
        if (key.indexOf(prefix + ".") === 0) {
          ed.registry.delete(key);
        }
      });
    }
    function resolve(path) {
      var parts = String(path).split(".");
      while (parts.length) {
        var key = parts.join(".");
        if (ed.registry.has(key)) {
          return ed.registry.get(key);
        }
        parts.pop();
      }
      return ed.registry.get("");
    }
    function clearErrors() {
      ed.errorMarks.forEach(unmark);
      ed.errorMarks = [];
      clearAlert();
    }
    function unmark(mark) {
      mark.messages.forEach(function(el) {
        if (el.parentNode) {
          el.parentNode.removeChild(el);
        }
      });
      mark.target.removeAttribute("aria-invalid");
      if (mark.describedBy) {
        mark.target.setAttribute("aria-describedby", mark.describedBy);
      } else {
        mark.target.removeAttribute("aria-describedby");
      }
      if (mark.wrapper) {
        mark.wrapper.classList.remove("ms-invalid");
      }
    }
    function clearErrorsOf(target) {
      ed.errorMarks = ed.errorMarks.filter(function(mark) {
        if (mark.target === target) {
          unmark(mark);
          return false;
        }
        return true;
      });
    }
    function showFieldErrors(fields) {
      var byEntry = /* @__PURE__ */ new Map();
      var unknown = [];
      Object.keys(fields || {}).forEach(function(path) {
        var entry = resolve(path);
        var problem = { path, message: String(fields[path]) };
        if (!entry) {
          unknown.push(problem);
          return;
        }
        if (!byEntry.has(entry)) {
          byEntry.set(entry, []);
        }
        byEntry.get(entry).push(problem);
      });
      var problems = [];
      byEntry.forEach(function(entryProblems, entry) {
        var target = entry.control || entry.group;
        ed.reveal(entry.anchor);
        var messages = entryProblems.map(function(problem, i) {
          var message = h("p", {
            className: "ms-error",
            id: ed.uid("error-" + problem.path + "-" + i),
            text: problem.message
          });
          if (entry.anchor === target && !entry.control) {
            var legend = target.querySelector("legend");
            target.insertBefore(message, legend ? legend.nextSibling : target.firstChild);
          } else {
            entry.anchor.appendChild(message);
          }
          return message;
        });
        var describedBy = target.getAttribute("aria-describedby");
        describe(target, messages.map(function(m) {
          return m.id;
        }).concat(describedBy ? [describedBy] : []));
        target.setAttribute("aria-invalid", "true");
        var wrapper = entry.control ? entry.anchor : null;
        if (wrapper) {
          wrapper.classList.add("ms-invalid");
        }
        ed.errorMarks.push({ target, messages, describedBy, wrapper });
        var general = entry === ed.registry.get("");
        entryProblems.forEach(function(problem) {
          problems.push({
            label: general ? problem.path : entry.label,
            message: problem.message,
            target,
            focus: entry.control || firstControl(entry.group) || entry.group
          });
        });
      });
      problems.sort(function(a, b) {
        if (a.target === b.target) {
          return 0;
        }
        return a.target.compareDocumentPosition(b.target) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
      });
      unknown.forEach(function(problem) {
        problems.push({ label: problem.path, message: problem.message, target: null, focus: null });
      });
      return problems;
    }
    function showAlert(title, summary, problems) {
      var alertEl = ed.alertEl;
      clearAlert();
      alertEl.classList.add("ms-alert--shown");
      alertEl.appendChild(h("p", { className: "ms-alert__title", text: title }));
      if (summary) {
        alertEl.appendChild(h("p", { className: "ms-alert__summary", text: summary }));
      }
      if (problems && problems.length) {
        var listEl = h("ul", { className: "ms-alert__list" });
        problems.forEach(function(problem) {
          var text = problem.label ? interpolate(gettext("%(field)s – %(message)s"), { field: problem.label, message: problem.message }) : problem.message;
          var item;
          if (problem.focus) {
            var link = h("a", { href: "#" + (problem.focus.id || ""), className: "ms-alert__link", text });
            link.addEventListener("click", function(event) {
              event.preventDefault();
              ed.reveal(problem.focus);
              focusField(problem.focus);
            });
            item = h("li", {}, [link]);
          } else {
            item = h("li", { text });
          }
          listEl.appendChild(item);
        });
        alertEl.appendChild(listEl);
      }
    }
    function clearAlert() {
      empty(ed.alertEl);
      ed.alertEl.classList.remove("ms-alert--shown");
    }
    Object.assign(ed, {
      register,
      forgetBelow,
      clearErrors,
      clearErrorsOf,
      showFieldErrors,
      showAlert,
      clearAlert
    });
  }

  // static/js/studio/fields.js
  function fieldHint(id, text) {
    return text ? h("p", { className: "ms-hint", id: id + "-hint", text }) : null;
  }
  function addFields(ed) {
    function textField(opts) {
      var id = ed.uid(opts.path);
      var control = opts.multiline ? h("textarea", { id, rows: opts.rows || 3, maxlength: opts.maxlength }) : h("input", {
        id,
        type: "text",
        maxlength: opts.maxlength,
        inputmode: opts.inputMode,
        spellcheck: opts.spellcheck,
        autocomplete: "off"
      });
      control.className = "ms-input";
      control.value = opts.value === null || opts.value === void 0 ? "" : String(opts.value);
      var hint = fieldHint(id, opts.hint);
      describe(control, [hint && hint.id]);
      control.addEventListener("input", function() {
        ed.clearErrorsOf(control);
        opts.onInput(control.value, control);
      });
      var wrapper = h("div", { className: "ms-field " + (opts.className || "") }, [
        h("label", { className: "ms-label", for: id, text: opts.label }),
        hint,
        control
      ]);
      ed.register(opts.path, { control, anchor: wrapper, label: opts.errorLabel || opts.label });
      return wrapper;
    }
    function numberField(opts) {
      var id = ed.uid(opts.path);
      var control = h("input", {
        id,
        type: "number",
        inputmode: opts.step ? "decimal" : "numeric",
        step: opts.step || 1,
        min: opts.min,
        max: opts.max,
        className: "ms-input ms-input--number"
      });
      control.value = numberText(opts.value);
      var hint = fieldHint(id, opts.hint);
      describe(control, [hint && hint.id]);
      control.addEventListener("input", function() {
        ed.clearErrorsOf(control);
        opts.onInput(toNumber(control.value));
      });
      var wrapper = h("div", { className: "ms-field ms-field--number " + (opts.className || "") }, [
        h("label", { className: "ms-label", for: id, text: opts.label }),
        hint,
        control
      ]);
      ed.register(opts.path, { control, anchor: wrapper, label: opts.errorLabel || opts.label });
      return wrapper;
    }
    function checkboxField(opts) {
      var id = ed.uid(opts.path);
      var control = h("input", { id, type: "checkbox", className: "ms-check__input", checked: !!opts.value });
      var hint = fieldHint(id, opts.hint);
      describe(control, [hint && hint.id]);
      control.addEventListener("change", function() {
        ed.clearErrorsOf(control);
        opts.onChange(control.checked);
      });
      var wrapper = h("div", { className: "ms-field ms-check " + (opts.className || "") }, [
        control,
        h("label", { className: "ms-check__label", for: id, text: opts.label }),
        hint
      ]);
      ed.register(opts.path, { control, anchor: wrapper, label: opts.errorLabel || opts.label });
      return wrapper;
    }
    function choiceGroup(opts) {
      var groupId = ed.uid(opts.path);
      var fieldset = h("fieldset", { className: "ms-group " + (opts.className || ""), id: groupId });
      fieldset.appendChild(h("legend", { className: "ms-group__legend", text: opts.legend }));
      var hint = fieldHint(groupId, opts.hint);
      if (hint) {
        fieldset.appendChild(hint);
        describe(fieldset, [hint.id]);
      }
      var options = h("div", { className: "ms-group__options" });
      var radioName = ed.uid(opts.path + "-choice");
      opts.options.forEach(function(option, index) {
        var id = ed.uid(opts.path + "-" + index);
        var input = h("input", {
          id,
          type: opts.single ? "radio" : "checkbox",
          className: "ms-check__input",
          name: opts.single ? radioName : null,
          value: option.value,
          checked: opts.isChecked(option.value)
        });
        input.addEventListener("change", function() {
          ed.clearErrorsOf(fieldset);
          opts.onChange(option.value, input.checked);
        });
        options.appendChild(h("div", { className: "ms-check" }, [
          input,
          h("label", { className: "ms-check__label", for: id, text: option.label })
        ]));
      });
      if (!opts.options.length && opts.emptyText) {
        options.appendChild(h("p", { className: "ms-hint", text: opts.emptyText }));
      }
      fieldset.appendChild(options);
      ed.register(opts.path, { group: fieldset, anchor: fieldset, label: opts.errorLabel || opts.legend });
      return fieldset;
    }
    Object.assign(ed, {
      textField,
      numberField,
      checkboxField,
      choiceGroup
    });
  }

  // static/js/studio/list-items.js
  function addListItems(ed) {
    var gettext = ed.gettext;
    function renderAreaFields(item, index, path, itemEl) {
      var label = itemFieldLabel(gettext("Learning area %(n)s: %(field)s"), index + 1);
      return [
        ed.titleField("learning_areas", item, path, itemEl, label(gettext("Title"))),
        ed.textField({
          path: path + ".description",
          label: gettext("Description"),
          value: item.description,
          multiline: true,
          rows: 2,
          maxlength: ed.limits.text,
          errorLabel: label(gettext("Description")),
          onInput: function(value) {
            item.description = value;
          }
        }),
        ed.idField("learning_areas", item, path, label(gettext("ID")))
      ];
    }
    function renderRatingFields(point, index, path) {
      var label = itemFieldLabel(gettext("Rating point %(n)s: %(field)s"), index + 1);
      return [h("div", { className: "ms-row" }, [
        ed.numberField({
          path: path + ".value",
          label: gettext("Value"),
          value: point.value,
          errorLabel: label(gettext("Value")),
          onInput: function(value) {
            point.value = value;
          }
        }),
        ed.textField({
          path: path + ".label",
          label: gettext("Label"),
          value: point.label,
          maxlength: ed.limits.title,
          className: "ms-field--grow",
          errorLabel: label(gettext("Label")),
          onInput: function(value) {
            point.label = value;
          }
        })
      ])];
    }
    function renderQuestionFields(question, index, path, itemEl, listKey) {
      var config = ed.listConfig[listKey];
      var label = function(field) {
        return interpolate(gettext("%(item)s: %(field)s"), { item: interpolate(config.item, { n: index + 1 }), field });
      };
      return [
        ed.textField({
          path: path + ".text",
          label: gettext("Question"),
          value: question.text,
          multiline: true,
          rows: 2,
          maxlength: ed.limits.title,
          errorLabel: label(gettext("Question")),
          onInput: function(value) {
            question.text = value;
            ed.followTitle(listKey, question, value, itemEl);
          }
        }),
        ed.idField(listKey, question, path, label(gettext("ID")))
      ];
    }
    Object.assign(ed.listConfig, {
      learning_areas: {
        limitKey: "learning_areas",
        idPrefix: "area",
        titleKey: "title",
        reorder: true,
        legend: gettext("Learning areas"),
        hint: gettext("The skills or topics a pair works on. Mentees and mentors rate progress in each area."),
        item: gettext("Learning area %(n)s"),
        add: gettext("Add learning area"),
        up: gettext("Move learning area %(n)s up"),
        down: gettext("Move learning area %(n)s down"),
        remove: gettext("Remove learning area %(n)s"),
        removed: gettext("Learning area %(n)s removed."),
        moved: gettext("Learning area moved to position %(n)s."),
        full: gettext("The program can have at most %(max)s learning areas."),
        empty: gettext("No learning areas yet."),
        blank: function() {
          return { id: "", title: "", description: "" };
        },
        fields: renderAreaFields
      },
      rating_scale: {
        limitKey: "rating_scale",
        reorder: false,
        compact: true,
        legend: gettext("Rating scale"),
        hint: gettext("The points mentees and mentors choose from when they rate a learning area, lowest first."),
        item: gettext("Rating point %(n)s"),
        add: gettext("Add rating point"),
        remove: gettext("Remove rating point %(n)s"),
        removed: gettext("Rating point %(n)s removed."),
        full: gettext("The scale can have at most %(max)s points."),
        empty: gettext("No rating points yet."),
        blank: function(list) {
          var top = list.reduce(function(max, point) {
            var value = Number(point.value);
            return isFinite(value) && value > max ? value : max;
          }, 0);
          return { value: top + 1, label: "" };
        },
        summary: function(point) {
          var label = String(point.label || "").trim();
          var value = point.value === null || point.value === void 0 ? "" : String(point.value);
          return label && value ? interpolate(gettext("%(value)s: %(label)s"), { value, label }) : label || value;
        },
        fields: renderRatingFields
      },
      progress_questions: {
        limitKey: "questions",
        idPrefix: "progress",
        titleKey: "text",
        reorder: true,
        legend: gettext("Progress questions"),
        hint: gettext("Asked of the mentee and the mentor in every assessment round."),
        item: gettext("Progress question %(n)s"),
        add: gettext("Add progress question"),
        up: gettext("Move progress question %(n)s up"),
        down: gettext("Move progress question %(n)s down"),
        remove: gettext("Remove progress question %(n)s"),
        removed: gettext("Progress question %(n)s removed."),
        moved: gettext("Progress question moved to position %(n)s."),
        full: gettext("You can ask at most %(max)s progress questions."),
        empty: gettext("No progress questions yet."),
        blank: function() {
          return { id: "", text: "" };
        },
        fields: renderQuestionFields
      },
      checkin_questions: {
        limitKey: "questions",
        idPrefix: "checkin",
        titleKey: "text",
        reorder: true,
        legend: gettext("Staff check-in questions"),
        hint: gettext("Questions course staff track across pairs, such as satisfaction or retention."),
        item: gettext("Check-in question %(n)s"),
        add: gettext("Add check-in question"),
        up: gettext("Move check-in question %(n)s up"),
        down: gettext("Move check-in question %(n)s down"),
        remove: gettext("Remove check-in question %(n)s"),
        removed: gettext("Check-in question %(n)s removed."),
        moved: gettext("Check-in question moved to position %(n)s."),
        full: gettext("You can ask at most %(max)s check-in questions."),
        empty: gettext("No check-in questions yet."),
        blank: function() {
          return { id: "", text: "" };
        },
        fields: renderQuestionFields
      }
    });
  }

  // static/js/studio/lists.js
  function toolButton(action, visibleText, ariaLabel, disabled) {
    return h("button", {
      type: "button",
      className: "ms-button ms-button--small" + (action === "remove" ? " ms-button--danger" : ""),
      "data-action": action,
      "aria-label": ariaLabel,
      disabled
    }, [
      action === "remove" ? null : h("span", {
        "aria-hidden": "true",
        className: "ms-icon",
        text: action === "up" ? "▲" : "▼"
      }),
      visibleText
    ]);
  }
  function addLists(ed) {
    var gettext = ed.gettext;
    function listSection(key) {
      var config = ed.listConfig[key];
      var id = ed.uid("section-" + key);
      var hint = h("p", { className: "ms-hint", id: id + "-hint", text: config.hint });
      var errorSlot = h("div", { className: "ms-slot" });
      var listEl = h("ol", { className: "ms-list" + (config.compact ? " ms-list--compact" : "") });
      var note = h("p", { className: "ms-limit", id: id + "-limit" });
      var addButton = h("button", {
        type: "button",
        className: "ms-button ms-button--add",
        "aria-describedby": note.id,
        text: config.add
      });
      addButton.addEventListener("click", function() {
        addItem(key);
      });
      var fieldset = h("fieldset", {
        className: "ms-section ms-section--list",
        id,
        "aria-describedby": hint.id
      }, [
        sectionLegend(id + "-heading", config.legend),
        hint,
        errorSlot,
        listEl,
        h("div", { className: "ms-list__footer" }, [addButton, note])
      ]);
      ed.lists[key] = { listEl, addButton, note, config, fieldset };
      ed.register(key, { group: fieldset, anchor: errorSlot, label: config.legend });
      renderItems(key);
      return fieldset;
    }
    function renderItems(key) {
      var list = ed.lists[key];
      var config = list.config;
      var items = ed.program[key];
      ed.forgetBelow(key);
      empty(list.listEl);
      items.forEach(function(item, index) {
        var n = index + 1;
        var path = key + "." + index;
        var legendText = interpolate(config.item, { n });
        var bodyId = ed.uid(path + "-fields");
        var summary = h("p", { className: "ms-item__summary", id: bodyId + "-summary" });
        var toggle = h("button", {
          type: "button",
          className: "ms-item__toggle",
          "aria-controls": bodyId,
          "aria-describedby": summary.id
        }, [
          h("span", { className: "ms-item__chevron", "aria-hidden": "true" }),
          legendText
        ]);
        var body = h("div", { className: "ms-item__body", id: bodyId });
        var box = h("fieldset", { className: "ms-item__box" }, [
          h("legend", { className: "ms-item__legend" }, [toggle]),
          summary,
          body
        ]);
        var itemEl = h("li", { className: "ms-item", "data-index": index }, [box]);
        var errorSlot = h("div", { className: "ms-slot" });
        body.appendChild(errorSlot);
        config.fields(item, index, path, itemEl, key).forEach(function(child) {
          body.appendChild(child);
        });
        var tools = h("div", { className: "ms-item__tools" });
        if (config.reorder) {
          tools.appendChild(toolButton("up", gettext("Up"), interpolate(config.up, { n }), index === 0));
          tools.appendChild(toolButton(
            "down",
            gettext("Down"),
            interpolate(config.down, { n }),
            index === items.length - 1
          ));
        }
        tools.appendChild(toolButton("remove", gettext("Remove"), interpolate(config.remove, { n }), false));
        tools.addEventListener("click", function(event) {
          var button = event.target.closest("button[data-action]");
          if (!button || button.disabled) {
            return;
          }
          var action = button.getAttribute("data-action");
          if (action === "remove") {
            removeItem(key, index);
          } else {
            moveItem(key, index, action === "up" ? -1 : 1, action);
          }
        });
        body.appendChild(tools);
        function showSummary() {
          summary.textContent = itemSummary(config, item);
        }
        toggle.addEventListener("click", function() {
          setOpen(itemEl, item, !ed.openItems.has(item));
        });
        box.addEventListener("input", showSummary);
        box.addEventListener("change", showSummary);
        showSummary();
        setOpen(itemEl, item, ed.openItems.has(item));
        ed.register(path, { group: box, anchor: errorSlot, label: legendText });
        list.listEl.appendChild(itemEl);
      });
      if (!items.length) {
        list.listEl.appendChild(h("li", { className: "ms-list__empty", text: config.empty }));
      }
      var max = ed.limits[config.limitKey];
      var full = items.length >= max;
      list.addButton.disabled = full;
      list.note.textContent = full ? interpolate(config.full, { max }) : "";
    }
    function itemSummary(config, item) {
      var text = config.summary ? config.summary(item) : String(item[config.titleKey] || "").trim();
      return text || gettext("Untitled");
    }
    function setOpen(itemEl, item, open) {
      if (open) {
        ed.openItems.add(item);
      } else {
        ed.openItems.delete(item);
      }
      itemEl.classList.toggle("ms-item--open", open);
      itemEl.querySelector(".ms-item__toggle").setAttribute("aria-expanded", open ? "true" : "false");
      itemEl.querySelector(".ms-item__body").hidden = !open;
      itemEl.querySelector(".ms-item__summary").hidden = open;
    }
    function reveal(el) {
      var itemEl = el && el.closest ? el.closest("li.ms-item") : null;
      var key = itemEl && Object.keys(ed.lists).filter(function(k) {
        return ed.lists[k].listEl === itemEl.parentNode;
      })[0];
      var item = key && ed.program[key][Number(itemEl.getAttribute("data-index"))];
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
        item.id = uniqueId("", config.idPrefix, items.concat([item]), item);
        ed.autoIds.add(item);
      }
      if (key === "agenda") {
        ed.areaRefs.set(item, []);
      }
      ed.openItems.add(item);
      items.push(item);
      renderItems(key);
      if (key === "learning_areas") {
        ed.refreshAreaChoices();
      }
      var added = ed.lists[key].listEl.querySelector('li[data-index="' + (items.length - 1) + '"]');
      var input = added && added.querySelector("input, textarea");
      if (input) {
        input.focus();
      }
    }
    function removeItem(key, index) {
      var config = ed.listConfig[key];
      var items = ed.program[key];
      var removed = items.splice(index, 1)[0];
      if (key === "learning_areas") {
        ed.program.agenda.forEach(function(agendaItem) {
          ed.areaRefs.set(agendaItem, (ed.areaRefs.get(agendaItem) || []).filter(function(ref) {
            return ref !== removed;
          }));
        });
      }
      renderItems(key);
      if (key === "learning_areas") {
        ed.refreshAreaChoices();
      }
      var position = Math.min(index, items.length - 1);
      var next = position >= 0 && (ed.openItems.has(items[position]) ? itemButton(key, position, "remove") : ed.lists[key].listEl.querySelector('li[data-index="' + position + '"] .ms-item__toggle'));
      (next || ed.lists[key].addButton).focus();
      ed.announce(interpolate(config.removed, { n: index + 1 }));
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
      if (key === "learning_areas") {
        ed.refreshAreaChoices();
      }
      var button = itemButton(key, target, action);
      if (!button || button.disabled) {
        button = itemButton(key, target, action === "up" ? "down" : "up");
      }
      if (button && !button.disabled) {
        button.focus();
      }
      ed.announce(interpolate(ed.listConfig[key].moved, { n: target + 1 }));
    }
    function idField(listKey, item, path, errorLabel) {
      return ed.textField({
        path: path + ".id",
        label: gettext("ID"),
        value: item.id,
        maxlength: ed.idRule.max,
        className: "ms-field--id",
        spellcheck: "false",
        errorLabel,
        hint: gettext("Used in reports and exports. Lowercase letters, digits, - and _."),
        onInput: function(value) {
          ed.autoIds.delete(item);
          item.id = value;
          if (listKey === "learning_areas") {
            ed.refreshAreaChoices();
          }
        }
      });
    }
    function titleField(listKey, item, path, itemEl, errorLabel) {
      return ed.textField({
        path: path + ".title",
        label: gettext("Title"),
        value: item.title,
        maxlength: ed.limits.title,
        errorLabel,
        onInput: function(value) {
          item.title = value;
          followTitle(listKey, item, value, itemEl);
          if (listKey === "learning_areas") {
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
      var idInput = itemEl.querySelector(".ms-field--id input");
      if (idInput) {
        idInput.value = item.id;
      }
    }
    Object.assign(ed, {
      listSection,
      reveal,
      idField,
      titleField,
      followTitle
    });
  }

  // static/js/studio/program.js
  var LISTS = ["learning_areas", "agenda", "rating_scale", "progress_questions", "checkin_questions"];
  function addProgram(ed) {
    function load(source) {
      var previous = ed.program;
      var program = ed.program = clone(source);
      LISTS.concat(["session_formats"]).forEach(function(key) {
        if (!Array.isArray(program[key])) {
          program[key] = [];
        }
      });
      LISTS.forEach(function(key) {
        (previous && previous[key] || []).forEach(function(item, index) {
          if (ed.openItems.has(item) && program[key][index]) {
            ed.openItems.add(program[key][index]);
          }
        });
      });
      if (!program.completion || typeof program.completion !== "object") {
        program.completion = {};
      }
      var areasById = {};
      program.learning_areas.forEach(function(area) {
        if (!(area.id in areasById)) {
          areasById[area.id] = area;
        }
      });
      program.agenda.forEach(function(item) {
        item.links = Array.isArray(item.links) ? item.links : [];
        ed.areaRefs.set(item, (item.areas || []).map(function(id) {
          return areasById[id] || String(id);
        }));
      });
    }
    function collect() {
      var program = ed.program;
      var result = clone(program);
      result.agenda = program.agenda.map(function(item) {
        var out = clone(item);
        out.prompts = ed.promptText.has(item) ? splitLines(ed.promptText.get(item)) : (item.prompts || []).slice();
        var refs = ed.areaRefs.get(item) || [];
        out.areas = program.learning_areas.filter(function(area) {
          return refs.indexOf(area) !== -1;
        }).map(function(area) {
          return area.id;
        }).concat(refs.filter(function(ref) {
          return typeof ref === "string";
        }));
        return out;
      });
      return result;
    }
    ed.load = load;
    ed.collect = collect;
  }

  // static/js/studio/save.js
  function addSave(ed) {
    var gettext = ed.gettext;
    var saveButton = ed.saveButton;
    function handlerUrl() {
      return ed.runtime.handlerUrl(ed.host, "studio_submit");
    }
    function failed(message, problems) {
      var title = gettext("Could not save");
      ed.showAlert(title, message, problems);
      ed.announce("");
      ed.notify("error", { title, message });
    }
    function save() {
      if (ed.saving) {
        return Promise.resolve();
      }
      ed.saving = true;
      saveButton.setAttribute("aria-disabled", "true");
      var saving = new Promise(function(resolve) {
        ed.clearErrors();
        var payload = ed.collect();
        ed.announce(gettext("Saving…"));
        ed.notify("save", { state: "start" });
        resolve(window.MentoringHttp.postJson(handlerUrl(), payload));
      }).then(function(result) {
        release();
        if (result.status === 0) {
          failed(gettext("The server could not be reached. Check your connection and try again; your changes are still here."));
          return;
        }
        handleResponse(result.status, result.body);
      });
      return saving.catch(function(err) {
        release();
        if (window.console && window.console.error) {
          window.console.error(err);
        }
        failed(gettext("Something went wrong on this page. Please reload it and try again."));
      });
    }
    function release() {
      ed.saving = false;
      saveButton.removeAttribute("aria-disabled");
    }
    function handleResponse(status, body) {
      var error = body && body.error ? body.error : null;
      if (status >= 200 && status < 300) {
        if (body && body.program) {
          ed.saved = clone(body.program);
          ed.load(ed.saved);
          ed.render();
        } else {
          ed.saved = ed.collect();
        }
        ed.notify("save", { state: "end" });
        ed.announce(gettext("Saved."));
        return;
      }
      if (status === 400 && error) {
        var summary = error.message || gettext("Some fields need your attention.");
        var problems = ed.showFieldErrors(error.fields || {});
        failed(summary, problems);
        var first = problems.filter(function(p) {
          return p.focus;
        })[0];
        if (first) {
          focusField(first.focus);
        }
        return;
      }
      if (status === 403) {
        failed(gettext("You are not allowed to change this block. Your changes have not been saved."));
        return;
      }
      failed(error && error.message ? error.message : interpolate(
        gettext("The server could not save your changes (error %(status)s). Your changes are still here; please try again."),
        { status }
      ));
    }
    function cancel() {
      var runtime = ed.runtime;
      if (runtime && typeof runtime.notify === "function") {
        runtime.notify("cancel", {});
        return;
      }
      ed.clearErrors();
      ed.load(ed.saved);
      ed.render();
      ed.announce(gettext("Changes discarded."));
    }
    ed.save = save;
    ed.cancel = cancel;
  }

  // static/js/studio/sections.js
  function addSections(ed) {
    var gettext = ed.gettext;
    function section(key, legend, hint, children) {
      var id = ed.uid("section-" + key);
      var fieldset = h("fieldset", { className: "ms-section", id }, [
        sectionLegend(id + "-heading", legend),
        hint ? h("p", { className: "ms-hint", id: id + "-hint", text: hint }) : null
      ]);
      if (hint) {
        describe(fieldset, [id + "-hint"]);
      }
      children.forEach(function(child) {
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
      var formatChoices = choices.session_formats || ["video", "phone", "in_person", "chat"].map(function(v) {
        return { value: v, label: v };
      });
      var modeChoices = choices.pairing_modes || ["staff", "invite", "both"].map(function(v) {
        return { value: v, label: v };
      });
      var general = section("general", gettext("General"), null, [
        ed.textField({
          path: "display_name",
          label: gettext("Display name"),
          value: program.display_name,
          maxlength: limits.title,
          hint: gettext("The title learners see for this block."),
          onInput: function(value) {
            program.display_name = value;
          }
        }),
        ed.textField({
          path: "introduction",
          label: gettext("Introduction"),
          value: program.introduction,
          multiline: true,
          rows: 5,
          maxlength: limits.text,
          hint: gettext("Shown to mentors and mentees at the top of the block. Plain text; line breaks are kept."),
          onInput: function(value) {
            program.introduction = value;
          }
        })
      ]);
      var generalSlot = h("div", { className: "ms-slot" });
      general.insertBefore(generalSlot, general.children[1]);
      ed.register("", { group: general, anchor: generalSlot, label: gettext("General") });
      var schedule = section("schedule", gettext("Schedule"), null, [
        h("div", { className: "ms-row" }, [
          ed.numberField({
            path: "duration_weeks",
            label: gettext("Program length in weeks"),
            value: program.duration_weeks,
            min: 1,
            onInput: function(value) {
              program.duration_weeks = value;
            }
          }),
          ed.numberField({
            path: "min_sessions_per_month",
            label: gettext("Minimum sessions per month"),
            value: program.min_sessions_per_month,
            min: 0,
            onInput: function(value) {
              program.min_sessions_per_month = value;
            }
          })
        ]),
        ed.choiceGroup({
          path: "session_formats",
          legend: gettext("Allowed session formats"),
          options: formatChoices,
          isChecked: function(value) {
            return program.session_formats.indexOf(value) !== -1;
          },
          onChange: function(value, checked) {
            var chosen = program.session_formats.filter(function(v) {
              return v !== value;
            });
            if (checked) {
              chosen.push(value);
            }
            program.session_formats = formatChoices.map(function(o) {
              return o.value;
            }).filter(function(v) {
              return chosen.indexOf(v) !== -1;
            });
          }
        })
      ]);
      var pacingChoices = choices.pacing_modes || ["guided", "free"].map(function(v) {
        return { value: v, label: v };
      });
      var pacing = section(
        "pacing",
        gettext("Pacing"),
        gettext("Guided pacing gives each pair dates counted from the day it starts: a suggested week for each agenda item, the mid-point assessment half-way through, the final one near the end. Free pacing has no dates."),
        [
          ed.choiceGroup({
            path: "pacing",
            legend: gettext("How pairs are paced"),
            options: pacingChoices,
            single: true,
            isChecked: function(value) {
              return program.pacing === value;
            },
            onChange: function(value, checked) {
              if (checked) {
                program.pacing = value;
              }
            }
          }),
          ed.numberField({
            path: "final_round_weeks",
            label: gettext("Weeks the final assessment is open"),
            value: program.final_round_weeks,
            min: 1,
            hint: gettext("Guided pacing only: the final assessment opens this many weeks before the planned end. From 1 to the program length."),
            onInput: function(value) {
              program.final_round_weeks = value;
            }
          })
        ]
      );
      var pairing = section("pairing", gettext("Pairing"), null, [
        ed.choiceGroup({
          path: "pairing_mode",
          legend: gettext("Who forms the pairs"),
          options: modeChoices,
          single: true,
          isChecked: function(value) {
            return program.pairing_mode === value;
          },
          onChange: function(value, checked) {
            if (checked) {
              program.pairing_mode = value;
            }
          }
        }),
        ed.numberField({
          path: "mentor_capacity",
          label: gettext("Mentees per mentor (at most)"),
          value: program.mentor_capacity,
          min: 1,
          hint: gettext("How many mentees one mentor may have at the same time."),
          onInput: function(value) {
            program.mentor_capacity = value;
          }
        })
      ]);
      var assessments = section(
        "assessments",
        gettext("Assessments"),
        gettext("A baseline and a final round always take place."),
        [
          ed.checkboxField({
            path: "midpoint_round",
            label: gettext("Add a mid-point assessment round"),
            value: program.midpoint_round,
            onChange: function(value) {
              program.midpoint_round = value;
            }
          }),
          ed.numberField({
            path: "at_risk_days",
            label: gettext("At-risk threshold in days"),
            value: program.at_risk_days,
            min: 1,
            hint: gettext("Staff see a pair as at risk after this many days without a session."),
            onInput: function(value) {
              program.at_risk_days = value;
            }
          })
        ]
      );
      var completion = section(
        "completion",
        gettext("Completion requirements"),
        gettext("A pair completes the program when all of these are met."),
        [
          ed.checkboxField({
            path: "completion.agreement_signed",
            label: gettext("Agreement signed by both partners"),
            value: c.agreement_signed,
            onChange: function(value) {
              c.agreement_signed = value;
            }
          }),
          h("div", { className: "ms-row" }, [
            ed.numberField({
              path: "completion.min_goals",
              label: gettext("Minimum goals"),
              value: c.min_goals,
              min: 0,
              onInput: function(value) {
                c.min_goals = value;
              }
            }),
            ed.numberField({
              path: "completion.min_sessions",
              label: gettext("Minimum confirmed sessions"),
              value: c.min_sessions,
              min: 0,
              onInput: function(value) {
                c.min_sessions = value;
              }
            })
          ]),
          ed.checkboxField({
            path: "completion.required_agenda",
            label: gettext("All required agenda items covered"),
            value: c.required_agenda,
            onChange: function(value) {
              c.required_agenda = value;
            }
          }),
          ed.checkboxField({
            path: "completion.final_self_assessment",
            label: gettext("Final self-assessment submitted"),
            value: c.final_self_assessment,
            onChange: function(value) {
              c.final_self_assessment = value;
            }
          }),
          ed.checkboxField({
            path: "completion.final_mentor_assessment",
            label: gettext("Final mentor assessment submitted"),
            value: c.final_mentor_assessment,
            onChange: function(value) {
              c.final_mentor_assessment = value;
            }
          }),
          ed.checkboxField({
            path: "completion.planned_end_passed",
            label: gettext("The planned end date has passed"),
            value: c.planned_end_passed,
            hint: gettext("The planned end is the pair's start plus the program length. With this ticked, a pair completes no earlier than that day."),
            onChange: function(value) {
              c.planned_end_passed = value;
            }
          }),
          ed.numberField({
            path: "weight",
            label: gettext("Points in the course grade"),
            value: program.weight,
            min: 0,
            max: 100,
            step: 0.1,
            hint: gettext("A participation score: each learner earns this share of the points as their pair meets the requirements above. It counts only in a graded subsection."),
            onInput: function(value) {
              program.weight = value;
            }
          })
        ]
      );
      if (!program.nudges || typeof program.nudges !== "object") {
        program.nudges = {};
      }
      var n = program.nudges;
      function nudgeDays(key, label) {
        return ed.numberField({
          path: "nudges." + key,
          label,
          value: n[key],
          min: 0,
          hint: gettext("0 turns this reminder off."),
          onInput: function(value) {
            n[key] = value;
          }
        });
      }
      function nudgeSwitch(key, label) {
        return ed.checkboxField({
          path: "nudges." + key,
          label,
          value: n[key],
          onChange: function(value) {
            n[key] = value;
          }
        });
      }
      var reminders = section(
        "reminders",
        gettext("Reminders"),
        gettext("Mentors and mentees get at most one email a day listing everything due, with a link to stop them; the same items show at the top of their workspace."),
        [
          nudgeDays("first_session_days", gettext("Remind when no session is logged this many days after pairing")),
          nudgeSwitch("no_session", gettext("Remind when no session is confirmed for the at-risk threshold")),
          nudgeDays("unconfirmed_days", gettext("Remind the partner when a session waits this many days for confirmation")),
          nudgeSwitch("action_overdue", gettext("Remind owners of overdue action items")),
          nudgeDays("round_open_days", gettext("Remind when an assessment round has been open this many days")),
          nudgeDays("end_within_days", gettext("Remind when the planned end is this many days away")),
          nudgeDays("planned_unlogged_days", gettext("Remind when a planned session is not logged this many days after it")),
          nudgeSwitch("staff_digest", gettext("Send course staff a weekly digest"))
        ]
      );
      var remindersSlot = h("div", { className: "ms-slot" });
      reminders.insertBefore(remindersSlot, reminders.querySelector(".ms-hint").nextSibling);
      ed.register("nudges", { group: reminders, anchor: remindersSlot, label: gettext("Reminders") });
      var completionSlot = h("div", { className: "ms-slot" });
      completion.insertBefore(completionSlot, completion.querySelector(".ms-hint").nextSibling);
      ed.register("completion", {
        group: completion,
        anchor: completionSlot,
        label: gettext("Completion requirements")
      });
      var sections = [
        general,
        ed.listSection("learning_areas"),
        ed.listSection("agenda"),
        ed.listSection("rating_scale"),
        ed.listSection("progress_questions"),
        ed.listSection("checkin_questions"),
        schedule,
        pacing,
        pairing,
        assessments,
        completion,
        reminders
      ];
      ed.sectionsEl.appendChild(contents(sections));
      sections.forEach(function(el) {
        ed.sectionsEl.appendChild(el);
      });
      ed.refreshAreaChoices();
    }
    function contents(sections) {
      var titleId = ed.uid("contents-title");
      var listEl = h("ul", { className: "ms-toc__list" });
      sections.forEach(function(fieldset) {
        var heading = fieldset.querySelector(".ms-section__heading");
        var link = h("a", { className: "ms-toc__link", href: "#" + heading.id, text: heading.textContent });
        link.addEventListener("click", function(event) {
          event.preventDefault();
          jumpTo(heading);
        });
        listEl.appendChild(h("li", { className: "ms-toc__item" }, [link]));
      });
      return h("nav", { className: "ms-toc", "aria-labelledby": titleId }, [
        h("h3", { className: "ms-toc__title", id: titleId, text: gettext("Jump to a section") }),
        listEl
      ]);
    }
    function jumpTo(heading) {
      heading.focus({ preventScroll: true });
      if (heading.scrollIntoView) {
        heading.scrollIntoView({ block: "start" });
      }
    }
    ed.render = render;
  }

  // static/js/studio/editor.js
  var instanceCount = 0;
  function createEditor(runtime, host, data) {
    var root = host.classList.contains("mentoring-studio") ? host : host.querySelector(".mentoring-studio");
    if (!root) {
      root = host;
    }
    instanceCount += 1;
    var idPrefix = "ms" + instanceCount + Math.random().toString(36).slice(2, 6);
    var ed = {
      gettext: translator(),
      runtime,
      host,
      sectionsEl: root.querySelector("[data-ms-sections]"),
      alertEl: root.querySelector("[data-ms-alert]"),
      statusEl: root.querySelector("[data-ms-status]"),
      saveButton: root.querySelector("[data-ms-save]"),
      limits: data.limits,
      // the program's caps, the server's (core/limits.py)
      idRule: idRule(data.ids),
      // how entry ids are made and checked, the server's
      choices: data.choices || {},
      saved: clone(data.program || {}),
      // the last program the server confirmed
      program: null,
      // the program being edited
      autoIds: /* @__PURE__ */ new WeakSet(),
      // items whose id still follows their title
      areaRefs: /* @__PURE__ */ new WeakMap(),
      // agenda item -> [learning area object | unknown id]
      promptText: /* @__PURE__ */ new WeakMap(),
      // agenda item -> raw textarea text
      openItems: /* @__PURE__ */ new WeakSet(),
      // list items whose fields are shown
      registry: /* @__PURE__ */ new Map(),
      // error path -> {control, group, anchor, label}
      listConfig: {},
      // list key -> wording, blank item, item fields
      lists: {},
      // list key -> {listEl, addButton, note, config}
      errorMarks: [],
      // [{target, messages, describedBy}]
      saving: false
    };
    var cancelButton = root.querySelector("[data-ms-cancel]");
    var announceTimer = null;
    ed.uid = function(name) {
      return idPrefix + "-" + String(name).replace(/[^A-Za-z0-9_-]/g, "-");
    };
    ed.notify = function(name, payload) {
      if (runtime && typeof runtime.notify === "function") {
        runtime.notify(name, payload);
      }
    };
    ed.announce = function(text) {
      window.clearTimeout(announceTimer);
      ed.statusEl.textContent = "";
      announceTimer = window.setTimeout(function() {
        ed.statusEl.textContent = text;
      }, 50);
    };
    addErrors(ed);
    addFields(ed);
    addLists(ed);
    addListItems(ed);
    addAgenda(ed);
    addSections(ed);
    addProgram(ed);
    addSave(ed);
    var actionsBar = ed.saveButton.closest(".ms-actions");
    var pressing = false;
    root.addEventListener("mousedown", function() {
      pressing = true;
      window.setTimeout(function() {
        pressing = false;
      }, 0);
    });
    root.addEventListener("focusin", function(event) {
      if (!actionsBar || pressing || actionsBar.contains(event.target)) {
        return;
      }
      var bar = actionsBar.getBoundingClientRect();
      var box = event.target.getBoundingClientRect();
      if (box.bottom > bar.top && box.top < bar.bottom && event.target.scrollIntoView) {
        event.target.scrollIntoView({ block: "center" });
      }
    });
    ed.saveButton.addEventListener("click", ed.save);
    cancelButton.addEventListener("click", ed.cancel);
    ed.load(ed.saved);
    ed.render();
    return { collect: ed.collect, save: ed.save, cancel: ed.cancel };
  }
  function MentoringStudioEditor(runtime, element, args) {
    var host = element && element.jquery ? element[0] : element;
    var data = JSON.parse(args && args.payload || "{}");
    return createEditor(runtime, host, data);
  }

  // static/js/studio/main.js
  window.MentoringStudioEditor = MentoringStudioEditor;
})();
