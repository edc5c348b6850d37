/*
 * One client for every handler of the learner view: POSTs JSON with the CSRF token and
 * resolves to {status, body}, whatever the outcome, so callers handle errors in one place.
 */
(function () {
    'use strict';

    var ML = window.MentoringLearner = window.MentoringLearner || {};

    function readCookie(name) {
        var found = null;
        (document.cookie || '').split(';').forEach(function (part) {
            var pair = part.trim();
            if (pair.slice(0, name.length + 1) === name + '=') {
                found = decodeURIComponent(pair.slice(name.length + 1));
            }
        });
        return found;
    }

    ML.client = function (runtime, element) {
        return {
            call: function (handler, data) {
                var headers = {'Content-Type': 'application/json', 'Accept': 'application/json'};
                var token = readCookie('csrftoken');
                if (token) {
                    headers['X-CSRFToken'] = token;
                }
                return fetch(runtime.handlerUrl(element, handler), {
                    method: 'POST', credentials: 'same-origin', headers: headers, body: JSON.stringify(data || {})
                }).then(function (response) {
                    return response.text().then(function (text) {
                        var body = null;
                        try {
                            body = text ? JSON.parse(text) : null;
                        } catch (err) {
                            body = null;
                        }
                        return {status: response.status, body: body};
                    });
                }, function () {
                    return {status: 0, body: null};
                });
            }
        };
    };
}());
