//! The OpenAPI document is a valid OpenAPI 3.1 document whose schemas are valid JSON Schema
//! (2020-12, as 3.1 uses), and every path it lists answers in the shape it documents.
use super::*;

/// A schema that checks a value against one of the document's own components.
fn validator(doc: &Value, reference: &Value) -> jsonschema::Validator {
    let mut root = doc.clone();
    let root_map = root.as_object_mut().unwrap();
    root_map.insert(
        "$schema".into(),
        "https://json-schema.org/draft/2020-12/schema".into(),
    );
    root_map.insert("$ref".into(), reference.clone());
    jsonschema::validator_for(&root).expect("a schema the validator compiles")
}

fn assert_shape(doc: &Value, reference: &Value, body: &Value, what: &str) {
    let v = validator(doc, reference);
    let errors: Vec<String> = v
        .iter_errors(body)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not match {reference}: {errors:?}\n{body}"
    );
}

#[tokio::test]
async fn the_openapi_document_validates_and_every_path_answers_in_its_documented_shape() {
    let app = spawn_app().await;
    let response = app.api("/api/v1/openapi.json", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    let spec = oas3::from_json(&text).expect("a well-formed OpenAPI document");
    let version = spec
        .validate_version()
        .expect("a supported OpenAPI version");
    assert_eq!((version.major, version.minor), (3, 1));
    let doc: Value = serde_json::from_str(&text).unwrap();
    for (name, schema) in doc["components"]["schemas"].as_object().unwrap() {
        let mut schema = schema.clone();
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema".into();
        jsonschema::meta::validate(&schema).unwrap_or_else(|e| panic!("schema {name}: {e}"));
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["token"]["scheme"],
        "bearer"
    );

    let secret = make_token(&app, "文档核对", None, false).await;
    let paths = doc["paths"].as_object().unwrap();
    let listed: Vec<&str> = paths.keys().map(String::as_str).collect();
    for expected in [
        "/api/v1/projects",
        "/api/v1/projects/{id}/classes",
        "/api/v1/classes/{id}/sessions",
        "/api/v1/classes/{id}/credits",
        "/api/v1/classes/{id}/survey",
        "/api/v1/classes/{id}/visits",
    ] {
        assert!(listed.contains(&expected), "{expected} is documented");
    }
    for (path, item) in paths {
        // The one write (issue 34), a platform token's hours log: exercised in `tokens.rs`.
        if path == "/api/v1/classes/{id}/platform-hours" {
            assert!(item.as_object().unwrap().keys().all(|k| k == "post"));
            continue;
        }
        let get = &item["get"];
        assert!(
            item.as_object().unwrap().keys().all(|k| k == "get"),
            "{path}: read only"
        );
        // Project 1 and its class 1 are the test data's.
        let url = path.replace("{id}", "1");
        let body = app.api_json(&url, &secret).await;
        let ok = &get["responses"]["200"]["content"]["application/json"]["schema"];
        assert_shape(&doc, &ok["$ref"], &body, &url);
        if let Some(items) = body["items"].as_array() {
            assert!(
                !items.is_empty() || url.ends_with("visits"),
                "{url} has items to check"
            );
        }
        let refused = app.api(&url, None).await;
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED, "{url}");
        let problem = &get["responses"]["401"]["content"]["application/problem+json"]["schema"];
        let body: Value = refused.json().await.unwrap();
        assert_shape(&doc, &problem["$ref"], &body, &format!("{url} refused"));
    }
}
