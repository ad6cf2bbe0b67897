from django.test import SimpleTestCase

from accord.lib.sparkline import sparkline


class SparklineTests(SimpleTestCase):
    def test_it_draws_nothing_without_values(self):
        self.assertEqual(sparkline([], label="x"), "")
        self.assertEqual(sparkline([None, None], label="x"), "")

    def test_it_draws_on_a_fixed_scale(self):
        svg = sparkline([0, 100], label="Health", width=10, height=12)
        self.assertIn('d="M0.0,11.0 L10.0,1.0"', svg)
        self.assertIn('cx="10.0" cy="1.0"', svg)

    def test_a_missing_value_breaks_the_line(self):
        svg = sparkline([50, None, 50], label="Health", width=10, height=12)
        self.assertIn('d="M0.0,6.0 M10.0,6.0"', svg)

    def test_values_out_of_range_are_clamped(self):
        svg = sparkline([-5, 500], label="Health", width=10, height=12)
        self.assertIn('d="M0.0,11.0 L10.0,1.0"', svg)

    def test_the_label_is_escaped_and_no_style_is_inline(self):
        svg = sparkline([1, 2], label='<script>"x"</script>')
        self.assertNotIn("<script>", svg)
        self.assertIn("&lt;script&gt;", svg)
        self.assertNotIn("style", svg)
