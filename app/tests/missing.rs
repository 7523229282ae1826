//! Who is missing, for the class's WeChat group (issue 16): the sheet's trainees without a
//! valid check-in, and the attendees who have not answered the survey.
use crate::support::fixture;
use crate::survey::{attend, cst, form, open, phone, SEVEN};
use app::checkin::sheet::sheet;
use app::entities::survey;
use app::i18n::t;
use app::survey::submission::{non_responders, submit};
use sea_orm::EntityTrait;

#[tokio::test]
async fn the_absentee_and_non_responder_lists_follow_the_sheet_and_participation() {
    on_each_database!(|db| {
        let f = fixture(db, SEVEN).await;
        attend(db, f.session_id, &[phone(1), phone(3), phone(4)]).await;
        let s = sheet(db, f.owner.1, f.session_id).await.unwrap();
        assert_eq!(s.not_checked_in(), ["学员二", "学员五", "学员六", "学员七"]);
        assert_eq!(
            t::absentees_text(&s.title, &s.not_checked_in()),
            "【11月29日上午：专家讲座】尚未签到（4 人）：学员二、学员五、学员六、学员七。请尽快扫码签到。"
        );

        // Only attendees are asked. The list shows only while every answer is published (a
        // multiple of 5), so it never names who just answered (issue 34: and no record of
        // who was published is kept to show it from in between).
        let id = open(db, f.owner, f.class_id).await;
        let answer = |n: usize| async move {
            let user = crate::support::user_of(db, &phone(n)).await;
            let answers = form(db, |_, _| "4", "").await;
            submit(db, (user, None), id, answers, cst(30, 10))
                .await
                .unwrap();
        };
        let missing = || async {
            let model = survey::Entity::find_by_id(id)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            non_responders(db, &model, cst(30, 11)).await.unwrap()
        };
        assert_eq!(missing().await.unwrap(), ["学员一", "学员三", "学员四"]);
        answer(3).await;
        assert_eq!(
            missing().await,
            None,
            "hidden while an answer waits unpublished"
        );
        attend(db, f.session_id, &[phone(2), phone(5), phone(6), phone(7)]).await;
        for n in [1, 4, 5, 6] {
            answer(n).await;
        }
        assert_eq!(missing().await.unwrap(), ["学员二", "学员七"]);
        // Once the survey has closed there is nobody left to remind.
        let model = survey::Entity::find_by_id(id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert!(
            non_responders(db, &model, cst(30, 11) + chrono::Duration::days(15))
                .await
                .unwrap()
                .is_some_and(|list| list.is_empty())
        );
    });
}
