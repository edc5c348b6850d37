/* The learner view's handler client: every call goes through MentoringHttp.postJson (http.js). */
(function () {
    'use strict';

    var ML = window.MentoringLearner = window.MentoringLearner || {};

    ML.client = function (runtime, element) {
        return {
            call: function (handler, data) {
                return window.MentoringHttp.postJson(runtime.handlerUrl(element, handler), data);
            }
        };
    };
}());
