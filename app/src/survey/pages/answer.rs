//! The trainee's side on a phone: the surveys on the home page and the answer page. The
//! form posts without WASM; a small inline script keeps a draft in the browser, shows
//! progress and, on a narrow screen, one dimension at a time.
use crate::error::AppError;
use crate::i18n::t;
use crate::survey::*;
use crate::ui::{last_error, ErrorLine, SubmitButton};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The answer scale, best first, as a phone shows it in a 3 × 2 grid.
const SCALE: [(&str, &str); 6] = [
    ("5", "很满意"),
    ("4", "满意"),
    ("3", "一般"),
    ("2", "不满意"),
    ("1", "很不满意"),
    ("0", "不适用"),
];

#[component]
pub fn MySurveys() -> impl IntoView {
    let surveys = Resource::new(|| (), |_| list_my_surveys());
    crate::ui::loaded(surveys, |list: Vec<MySurvey>| {
        (!list.is_empty()).then(|| {
            view! {
                <h2>{t::SURVEY_MINE}</h2>
                <ul class="cards">
                    {list.into_iter().map(|s| {
                        let open = s.gate == Gate::Open;
                        view! {
                        <li class="card" class:today=open>
                            <h3>{t::SURVEY_TITLE}</h3>
                            <p>{s.class_name}</p>
                            <p class="muted">{t::SURVEY_WINDOW} "：" {s.window}</p>
                            {match s.gate {
                                Gate::Open => view! {
                                    <a class="button primary" rel="external" href=format!("/surveys/{}", s.id)>{t::SURVEY_ANSWER}</a>
                                }.into_any(),
                                other => view! { <p class="status">{other.message()}</p> }.into_any(),
                            }}
                        </li>
                    }}).collect_view()}
                </ul>
            }
        })
    })
}

#[component]
pub fn SurveyAnswerPage() -> impl IntoView {
    let id = crate::ui::route_id();
    let submit = ServerAction::<SubmitSurvey>::new();
    let done = move || submit.value().with(|v| matches!(v, Some(Ok(()))));
    let data = Resource::new(
        move || (id.get(), done()),
        |(id, _)| async move { get_survey(id.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <main class="page narrow">
            <p><a href="/">{t::NAV_HOME}</a></p>
            {crate::ui::loaded(data, move |p: SurveyPage| view! { <SurveyBody p submit /> })}
        </main>
        <script nonce=leptos::nonce::use_nonce() inner_html=DRAFT_SCRIPT></script>
    }
}

#[component]
fn SurveyBody(p: SurveyPage, submit: ServerAction<SubmitSurvey>) -> impl IntoView {
    let key = format!("peixun-survey-{}", p.id);
    let head = view! {
        <h1>{t::SURVEY_TITLE}</h1>
        <p><strong>{p.class_name.clone()}</strong></p>
        <p class="muted">{p.project.clone()} " · " {t::SURVEY_WINDOW} "：" {p.window.clone()}</p>
    };
    let body = match p.gate {
        Gate::Open => view! { <AnswerForm id=p.id groups=p.groups key submit /> }.into_any(),
        Gate::Answered => view! {
            <p class="notice" role="status" data-draft-clear=key>{t::SURVEY_THANKS}</p>
            <p><a class="button" href="/">{t::NAV_HOME}</a></p>
        }
        .into_any(),
        Gate::NotLoggedIn => view! {
            <p class="notice">{t::SURVEY_LOGIN_FIRST}</p>
            <p><a class="button primary" href=format!("/login?next=/surveys/{}", p.id)>{t::LOGIN_SUBMIT}</a></p>
        }
        .into_any(),
        other => view! { <p class="notice" role="alert">{other.message()}</p> }.into_any(),
    };
    view! { {head} {body} }
}

#[component]
fn AnswerForm(
    id: i32,
    groups: Vec<Group>,
    key: String,
    submit: ServerAction<SubmitSurvey>,
) -> impl IntoView {
    let total_groups = groups.len();
    let items: usize = groups
        .iter()
        .flat_map(|g| &g.questions)
        .filter(|q| q.kind != QuestionKind::Text)
        .count();
    view! {
        <p class="muted">{t::SURVEY_ANONYMOUS}</p>
        <ActionForm action=submit attr:class="survey" attr:data-draft=key>
            <input type="hidden" name="survey" value=id />
            <div class="survey-progress" aria-live="polite">
                <p data-progress>{t::survey_total(items)}</p>
                <div class="progress"><span class="approved" data-progress-bar style="width:0%"></span></div>
            </div>
            {groups.into_iter().enumerate().map(|(g, group)| view! {
                <section class="q-group" data-group=g>
                    <h2>{group.name.clone()} <small>{t::survey_group_of(g + 1, total_groups)}</small></h2>
                    {group.questions.into_iter().enumerate().map(|(i, q)| view! { <QuestionField n=i + 1 q /> }).collect_view()}
                </section>
            }).collect_view()}
            <div class="group-nav" hidden>
                <button type="button" data-prev>{t::SURVEY_PREV}</button>
                <button type="button" class="primary" data-next>{t::SURVEY_NEXT}</button>
            </div>
            <ErrorLine error=last_error(submit) />
            <SubmitButton pending=submit.pending() label=t::SURVEY_SUBMIT busy=t::SAVING />
        </ActionForm>
    }
}

#[component]
fn QuestionField(n: usize, q: Question) -> impl IntoView {
    let name = format!("answers[{}]", q.id);
    let legend = format!("{n}. {}", q.prompt);
    match q.kind {
        QuestionKind::Likert => view! {
            <fieldset class="likert">
                <legend>{legend}</legend>
                <div class="scale">
                    {SCALE.into_iter().map(|(value, label)| view! {
                        <label><input type="radio" name=name.clone() value=value />{label}</label>
                    }).collect_view()}
                </div>
            </fieldset>
        }
        .into_any(),
        QuestionKind::Choice => view! {
            <fieldset class="choice">
                <legend>{legend}</legend>
                {q.choices.into_iter().enumerate().map(|(i, label)| view! {
                    <label><input type="radio" name=name.clone() value=i.to_string() />{label}</label>
                }).collect_view()}
            </fieldset>
        }
        .into_any(),
        QuestionKind::Text => view! {
            <label class="open">{legend} <span class="muted">{t::SURVEY_OPTIONAL}</span>
                <textarea name=name rows="3" maxlength="1000"></textarea>
            </label>
        }
        .into_any(),
    }
}

/// Runs before (and without) the WASM. Keeps the answers in localStorage so a dropped
/// network or a reload loses nothing, counts answered items, and on a phone shows one
/// dimension at a time. It only toggles `hidden` and text on elements the server rendered.
const DRAFT_SCRIPT: &str = r#"(function () {
  function init() {
    var done = document.querySelector('[data-draft-clear]');
    if (done) { try { localStorage.removeItem(done.getAttribute('data-draft-clear')); } catch (e) {} }
    var f = document.querySelector('form[data-draft]');
    if (!f || f.getAttribute('data-ready')) return;
    f.setAttribute('data-ready', '1');
    var key = f.getAttribute('data-draft'), saved = {};
    try { saved = JSON.parse(localStorage.getItem(key) || '{}'); } catch (e) {}
    var els = Array.prototype.slice.call(f.elements);
    els.forEach(function (el) {
      if (!el.name || !(el.name in saved)) return;
      if (el.type === 'radio') el.checked = el.value === saved[el.name];
      else if (el.tagName === 'TEXTAREA') el.value = saved[el.name];
    });
    var groups = Array.prototype.slice.call(f.querySelectorAll('.q-group'));
    var nav = f.querySelector('.group-nav'), send = f.querySelector('button[type=submit]');
    var text = f.querySelector('[data-progress]'), bar = f.querySelector('[data-progress-bar]');
    function missing(g) {
      var names = {}, left = 0;
      g.querySelectorAll('input[type=radio]').forEach(function (r) { names[r.name] = names[r.name] || r.checked; });
      for (var n in names) if (!names[n]) left++;
      return left;
    }
    function progress() {
      var names = {};
      f.querySelectorAll('input[type=radio]').forEach(function (r) { names[r.name] = names[r.name] || r.checked; });
      var all = Object.keys(names).length, got = Object.keys(names).filter(function (n) { return names[n]; }).length;
      text.textContent = '已答 ' + got + ' / ' + all + ' 题';
      bar.style.width = (all ? got * 100 / all : 0) + '%';
    }
    function save() {
      var d = {};
      els.forEach(function (el) {
        if (el.type === 'radio' && el.checked) d[el.name] = el.value;
        else if (el.tagName === 'TEXTAREA' && el.value) d[el.name] = el.value;
      });
      try { localStorage.setItem(key, JSON.stringify(d)); } catch (e) {}
      progress();
    }
    var step = groups.length > 1 && window.matchMedia('(max-width: 600px)').matches, cur = 0;
    function show(i) {
      cur = i;
      groups.forEach(function (g, j) { g.hidden = j !== i; });
      nav.querySelector('[data-prev]').disabled = i === 0;
      nav.querySelector('[data-next]').hidden = i === groups.length - 1;
      send.hidden = i !== groups.length - 1;
      f.scrollIntoView();
    }
    if (step) {
      nav.hidden = false;
      show(0);
      nav.querySelector('[data-prev]').addEventListener('click', function () { show(Math.max(cur - 1, 0)); });
      nav.querySelector('[data-next]').addEventListener('click', function () { show(Math.min(cur + 1, groups.length - 1)); });
      f.addEventListener('submit', function () {
        for (var i = 0; i < groups.length; i++) if (missing(groups[i])) { show(i); break; }
      });
    }
    f.addEventListener('change', save);
    f.addEventListener('input', save);
    progress();
  }
  init();
  new MutationObserver(init).observe(document.body, { childList: true, subtree: true });
})();"#;
