//! QR codes as SVG only: no image crate in the WASM or the server.

/// The QR image for `text` as an SVG document, black on white with a quiet zone.
pub fn qr_svg(text: &str) -> String {
    match qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M) {
        Ok(code) => code
            .render::<qrcode::render::svg::Color>()
            .min_dimensions(240, 240)
            .quiet_zone(true)
            .build(),
        // Only a text longer than a QR can hold fails, and our URLs are short.
        Err(_) => String::new(),
    }
}
