import { Module } from '@nestjs/common';
import { PdfRenderer } from './pdf-renderer.service';

/**
 * The shared PDF renderer: `PdfRenderer.render(templateName, data)` → PDF bytes, for every document of the
 * portal (bulletins, self-inspection reports). Templates live in `templates/<name>/` (see TemplateEngine).
 */
@Module({
  providers: [PdfRenderer],
  exports: [PdfRenderer],
})
export class PdfModule {}
